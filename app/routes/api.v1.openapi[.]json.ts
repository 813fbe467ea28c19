import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { openApiDocument } from '#app/experiences/api.server.ts'

/** The OpenAPI description of /api/v1, generated from the zod schemas of the responses. Public. */
export async function loader({ context }: LoaderFunctionArgs) {
  return json(openApiDocument(context.env.APP_URL), { headers: { 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' } })
}
