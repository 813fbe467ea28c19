import { readFile } from 'node:fs/promises'
import path from 'node:path'

let font: Promise<Uint8Array<ArrayBuffer> | null> | null = null

/**
 * DSFR's Marianne (medium) for the widget's button on other sites (app/feedback/widget-script.ts).
 * A font from another origin is only used with CORS, which the static /dsfr files do not send.
 */
export async function loader() {
  font ??= readFile(path.join(process.cwd(), 'public/dsfr/fonts/Marianne-Medium.woff2')).then(
    (file) => new Uint8Array(file),
    () => null,
  )
  const body = await font
  if (!body) return new Response('Police introuvable.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return new Response(body, {
    headers: {
      'Content-Type': 'font/woff2',
      'Cache-Control': 'public, max-age=604800',
      'Access-Control-Allow-Origin': '*',
    },
  })
}
