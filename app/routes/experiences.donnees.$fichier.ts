import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound } from '#app/auth/authorize.server.ts'
import { experienceRecord, experiencesCsv, LICENCE, publishedExperienceRows, SERVICE_FIELDS, serviceStatRows, toCsv } from '#app/experiences/open-data.server.ts'
import { now } from '#app/utils/clock.server.ts'

const FILES = ['experiences.csv', 'experiences.json', 'services.csv', 'services.json'] as const

/** The open-data files, built from today's data. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const file = FILES.find((candidate) => candidate === params.fichier)
  if (!file) throw notFound('Ce fichier n’existe pas.')
  const isCsv = file.endsWith('.csv')
  const headers = {
    'Content-Type': isCsv ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
    'Content-Disposition': `${isCsv ? 'attachment' : 'inline'}; filename="${file}"`,
    'Cache-Control': 'public, max-age=3600',
    'Access-Control-Allow-Origin': '*',
  }
  if (file.startsWith('experiences')) {
    const rows = await publishedExperienceRows(context.db)
    if (isCsv) return new Response(experiencesCsv(rows), { headers })
    return new Response(JSON.stringify({ licence: LICENCE, produit_le: now().toISOString(), donnees: rows.map(experienceRecord) }), { headers })
  }
  const rows = await serviceStatRows(context.db)
  if (isCsv) {
    return new Response(toCsv(SERVICE_FIELDS.map((field) => field.name), rows.map((row) => SERVICE_FIELDS.map((field) => row[field.name]))), { headers })
  }
  return new Response(JSON.stringify({ licence: LICENCE, produit_le: now().toISOString(), donnees: rows }), { headers })
}
