import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound } from '#app/auth/authorize.server.ts'
import { experienceRecord, experiencesCsv, LICENCE, monthlyReviewRows, publishedExperienceRows, REVIEW_MONTH_FIELDS, SERVICE_FIELDS, serviceStatRows, toCsv } from '#app/experiences/open-data.server.ts'
import { now } from '#app/utils/clock.server.ts'

const FILES = ['experiences.csv', 'experiences.json', 'services.csv', 'services.json', 'avis-par-mois.csv', 'avis-par-mois.json'] as const

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
  const [fields, rows] = file.startsWith('services')
    ? [SERVICE_FIELDS, await serviceStatRows(context.db)]
    : [REVIEW_MONTH_FIELDS, await monthlyReviewRows(context.db)]
  if (isCsv) {
    return new Response(toCsv(fields.map((field) => field.name), rows.map((row) => fields.map((field) => (row as Record<string, unknown>)[field.name]))), { headers })
  }
  return new Response(JSON.stringify({ licence: LICENCE, produit_le: now().toISOString(), donnees: rows }), { headers })
}
