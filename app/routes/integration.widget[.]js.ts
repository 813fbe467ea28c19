import { WIDGET_SCRIPT } from '#app/feedback/widget-script.ts'

/** The embeddable widget script (see app/feedback/widget-script.ts). */
export async function loader() {
  return new Response(WIDGET_SCRIPT, {
    headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' },
  })
}
