import { buttonSvg } from '#app/feedback/widget-script.ts'

export async function loader() {
  return new Response(buttonSvg('bleu'), { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=86400' } })
}
