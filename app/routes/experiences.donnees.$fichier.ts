import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { notFound } from '#app/auth/authorize.server.ts'
import { experienceRecord, experiencesCsv, LICENCE, monthlyReviewRows, publishedExperienceRows, REVIEW_MONTH_FIELDS, SERVICE_FIELDS, serviceStatRows, toCsv } from '#app/experiences/open-data.server.ts'
import { dailyFile, dayOfFileName } from '#app/feedback/open-data-daily.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { isStorageUnavailable, storageFor, STORAGE_UNAVAILABLE_MESSAGE } from '#app/utils/file-storage.server.ts'
import { logger } from '#app/utils/logger.server.ts'

const FILES = ['experiences.csv', 'experiences.json', 'services.csv', 'services.json', 'avis-par-mois.csv', 'avis-par-mois.json'] as const

/** The open-data files, built from today's data, and the dated daily files of reviews, as stored. */
export async function loader({ params, context }: LoaderFunctionArgs) {
  const day = dayOfFileName(params.fichier ?? '')
  if (day) return dailyReviewsFile(context, day)
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

/** A day's file never changes once written: immutable for every cache, with its sha256 to check it. */
async function dailyReviewsFile(context: LoaderFunctionArgs['context'], day: string) {
  const file = await dailyFile(context.db, day)
  if (!file) throw notFound(`Il n’y a pas de fichier des avis pour le ${day.split('-').reverse().join('/')}.`)
  const stream = await storageFor(context.env)
    .get(file.storage_key)
    .catch((error: unknown) => {
      if (!isStorageUnavailable(error)) throw error
      logger.error({ err: error, requestId: context.requestId }, 'fichier de données ouvertes indisponible : stockage injoignable')
      throw json({ message: STORAGE_UNAVAILABLE_MESSAGE }, { status: 503, headers: { 'Retry-After': '5', 'Cache-Control': 'no-store' } })
    })
  if (!stream) throw notFound('Ce fichier n’est plus disponible.')
  return new Response(stream, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(file.byte_size),
      'Content-Disposition': `attachment; filename="avis-${day}.csv"`,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
      ETag: `"${file.sha256}"`,
    },
  })
}
