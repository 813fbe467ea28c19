// Loaders and actions of the public form, shared by its two presentations: full pages under
// /avis/… (link button) and framed pages under /integration/… (widget, smiley).
// No CSRF cookie here: framed by other sites, the browser would not send it. The first answer
// creates the review; each later step carries the review's own token (a capability). Decision 022.
import { randomUUID } from 'node:crypto'
import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type AppLoadContext } from '@remix-run/node'
import { isSpam, readFormData } from '#app/utils/forms.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { frameAncestors, normaliseOrigin } from './embed-codes.ts'
import { normaliseReviewSource } from './review-sources.ts'
import { DEFAULT_THANKS, isStepName, mainSteps, schemaForStep, stepPosition, toStepAnswers, type StepName } from './questionnaire.ts'
import {
  FIRST_ANSWER_MESSAGES,
  firstOpenStep,
  loadPublicForm,
  loadReviewInProgress,
  placementOrigins,
  rateLimitedMessage,
  recordStepAnswers,
  type ReviewInProgress,
} from './reviews.server.ts'
import type { ReviewSource } from '#db/schema/feedback.ts'

export type PublicMode = 'page' | 'integration'

export function prefixFor(mode: PublicMode): string {
  return mode === 'page' ? '/avis' : '/integration/avis'
}

/** The host page's origin, kept only when the placement allows it (postMessage target). */
export function allowedOrigin(candidate: string | null, allowed: readonly string[]): string | null {
  const origin = candidate ? normaliseOrigin(candidate) : null
  if (!origin) return null
  return allowed.map((value) => normaliseOrigin(value)).includes(origin) ? origin : null
}

function frameHeaders(mode: PublicMode, origins: readonly string[]): Record<string, string> {
  // Full pages keep the site-wide frame-ancestors 'self' set by the server.
  return mode === 'integration' ? { 'Content-Security-Policy': frameAncestors(origins) } : {}
}

function withQuery(path: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value)
  const query = search.toString()
  return query ? `${path}?${query}` : path
}

async function notFoundFor(context: AppLoadContext, mode: PublicMode, placementId: string | undefined, message: string) {
  const origins = placementId ? await placementOrigins(context.db, placementId) : []
  return json({ message }, { status: 404, headers: frameHeaders(mode, origins) })
}

const START_ERRORS: Record<string, { status: number; message: (wait: string | null) => string; field?: boolean }> = {
  reponse: { status: 400, message: () => FIRST_ANSWER_MESSAGES.invalid, field: true },
  page: { status: 400, message: () => FIRST_ANSWER_MESSAGES['expired-page'] },
  version: { status: 409, message: () => FIRST_ANSWER_MESSAGES['stale-version'] },
  'trop-d-avis': { status: 429, message: (wait) => rateLimitedMessage(Number(wait) || 600) },
  deja: { status: 409, message: () => FIRST_ANSWER_MESSAGES.conflict },
}

/** Step 1: « De façon générale, comment ça s'est passé ? ». */
export async function loadStart(context: AppLoadContext, request: Request, placementId: string | undefined, mode: PublicMode | 'sourire') {
  const frameMode: PublicMode = mode === 'page' ? 'page' : 'integration'
  const form = placementId ? await loadPublicForm(context.db, placementId) : null
  if (!form) throw await notFoundFor(context, frameMode, placementId, FIRST_ANSWER_MESSAGES['unknown-placement'])
  const url = new URL(request.url)
  const code = url.searchParams.get('erreur')
  const error = code && START_ERRORS[code] ? START_ERRORS[code] : null
  const sourceParam = url.searchParams.get('source')
  // `?source=` comes from embed codes already pasted on other sites: the French `lien` is read as `link` (decision 111).
  const source: ReviewSource = mode === 'page' ? 'link' : mode === 'sourire' ? 'smiley' : normaliseReviewSource(sourceParam) === 'link' ? 'link' : 'widget'
  return json(
    {
      placementId: form.placement.id,
      serviceName: form.service.name,
      organisationName: form.service.organisationName,
      versionId: form.version.id,
      stepCount: mainSteps(form.version.definition).length,
      // The review's id, chosen now: a double submission records one review.
      reviewId: randomUUID(),
      // When the page was shown: the spam score's low bound on the time to answer (decision 101).
      shownAt: String(now().getTime()),
      source,
      origine: allowedOrigin(url.searchParams.get('origine'), form.placement.allowedOrigins),
      // The team's preview on the placement page: the buttons do not submit.
      preview: url.searchParams.get('apercu') === '1',
      error: error ? { message: error.message(url.searchParams.get('attente')), field: Boolean(error.field) } : null,
    },
    { status: error?.status ?? 200, headers: frameHeaders(frameMode, form.placement.allowedOrigins) },
  )
}

function stepAllowed(review: ReviewInProgress, step: StepName): boolean {
  const steps = mainSteps(review.definition)
  if (step === 'satisfaction') return false
  if (step === 'aide-suite') return steps.includes('aide') && review.helpNeeded === true
  return steps.includes(step)
}

async function reviewFromRequest(context: AppLoadContext, placementId: string | undefined, reviewId: string | undefined, token: string | null, mode: PublicMode) {
  const review = placementId && reviewId ? await loadReviewInProgress(context.db, context.env.SESSION_SECRET, placementId, reviewId, token, now()) : null
  if (!review) throw await notFoundFor(context, mode, placementId, 'Cet avis est introuvable, ou le lien pour le compléter n’est plus valable.')
  return review
}

/** Later steps: the same review, found by its id and token. */
export async function loadStep(context: AppLoadContext, request: Request, params: { placementId?: string; reviewId?: string }, mode: PublicMode) {
  const url = new URL(request.url)
  const token = url.searchParams.get('jeton')
  const review = await reviewFromRequest(context, params.placementId, params.reviewId, token, mode)
  const origine = allowedOrigin(url.searchParams.get('origine'), review.allowedOrigins)
  const thanks = withQuery(`${prefixFor(mode)}/${review.placementId}/merci`, { origine })
  if (!review.editable) throw redirect(thanks)
  const requested = url.searchParams.get('etape')
  const step = isStepName(requested) && stepAllowed(review, requested) ? requested : firstOpenStep(review)
  if (!step) throw redirect(thanks)
  return json(
    {
      placementId: review.placementId,
      reviewId: review.id,
      token: token!,
      serviceName: review.serviceName,
      step,
      position: stepPosition(review.definition, step),
      questions: review.definition.questions,
      answers: {
        clarity: review.clarity,
        channels: review.helpNeeded === false ? ['aucune'] : review.helpChannels,
        reached: review.helpReached === null ? null : review.helpReached ? 'oui' : 'non',
        quality: review.helpQuality,
        comment: review.comment,
        contact: review.contactEmail,
      },
      origine,
    },
    { headers: frameHeaders(mode, review.allowedOrigins) },
  )
}

export async function stepAction(context: AppLoadContext, request: Request, params: { placementId?: string; reviewId?: string }, mode: PublicMode) {
  const formData = await readFormData(request)
  const url = new URL(request.url)
  const token = String(formData.get('jeton') ?? url.searchParams.get('jeton') ?? '')
  const review = await reviewFromRequest(context, params.placementId, params.reviewId, token, mode)
  const headers = frameHeaders(mode, review.allowedOrigins)
  const origine = allowedOrigin(String(formData.get('origine') ?? '') || null, review.allowedOrigins)
  const thanks = withQuery(`${prefixFor(mode)}/${review.placementId}/merci`, { origine })
  // A bot filled the hidden field: thank it and store nothing.
  if (isSpam(formData, context)) throw redirect(thanks)
  const requested = String(formData.get('etape') ?? '')
  if (!isStepName(requested) || requested === 'satisfaction' || !stepAllowed(review, requested)) {
    return json({ result: null, message: 'Cette question ne fait pas partie du questionnaire. Rechargez la page.' }, { status: 400, headers })
  }
  const stepUrl = (step: StepName) => withQuery(`${prefixFor(mode)}/${review.placementId}/${review.id}`, { jeton: token, etape: step, origine })
  if (formData.get('passer')) {
    const next = requested === 'aide' ? firstAfter(review, 'aide') : firstAfter(review, requested)
    throw redirect(next ? stepUrl(next) : thanks)
  }
  const submission = parseWithZod(formData, { schema: schemaForStep(requested) })
  if (submission.status !== 'success') {
    return json({ result: submission.reply(), message: null }, { status: 400, headers })
  }
  const result = await recordStepAnswers(context.db, review, toStepAnswers(requested, submission.value as Record<string, unknown>), now())
  if (!result.ok) {
    return json(
      { result: null, message: 'Cet avis ne peut plus être modifié : le délai d’une heure pour le compléter est passé. Merci pour vos réponses.' },
      { status: 409, headers },
    )
  }
  throw redirect(result.next ? stepUrl(result.next) : thanks)
}

/** The step after `step` when it is skipped (« aide » skipped goes past its follow-up). */
function firstAfter(review: ReviewInProgress, step: StepName): StepName | null {
  const steps = mainSteps(review.definition)
  const index = steps.indexOf(step === 'aide-suite' ? 'aide' : step)
  return steps[index + 1] ?? null
}

export async function loadThanks(context: AppLoadContext, request: Request, placementId: string | undefined, mode: PublicMode) {
  const form = placementId ? await loadPublicForm(context.db, placementId) : null
  const url = new URL(request.url)
  return json(
    {
      thanks: form?.version.definition.thanks || DEFAULT_THANKS,
      serviceName: form?.service.name ?? null,
      serviceId: form?.service.id ?? null,
      origine: form ? allowedOrigin(url.searchParams.get('origine'), form.placement.allowedOrigins) : null,
      placementId: form?.placement.id ?? null,
    },
    { headers: frameHeaders(mode, form?.placement.allowedOrigins ?? []) },
  )
}

/** After a click on a face: the answer is saved; offer the rest of the form in the same frame. */
export async function loadSmileyFollowUp(context: AppLoadContext, request: Request, params: { placementId?: string; reviewId?: string }) {
  const url = new URL(request.url)
  const token = url.searchParams.get('jeton')
  const review = await reviewFromRequest(context, params.placementId, params.reviewId, token, 'integration')
  const origine = allowedOrigin(url.searchParams.get('origine'), review.allowedOrigins)
  const next = review.editable ? firstOpenStep(review) : null
  return json(
    {
      placementId: review.placementId,
      serviceName: review.serviceName,
      satisfaction: review.satisfaction,
      remaining: mainSteps(review.definition).length - 1,
      origine,
      continueUrl: next ? withQuery(`/integration/avis/${review.placementId}/${review.id}`, { jeton: token, etape: next, origine }) : null,
    },
    { headers: frameHeaders('integration', review.allowedOrigins) },
  )
}
