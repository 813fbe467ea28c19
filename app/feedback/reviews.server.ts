// Reviews left by service users: the first answer (saved at once, in one statement), the later
// steps (updating the same review), and the team's decision on texts flagged as personal data.
import { CompiledQuery } from 'kysely'
import type { Db } from '#db/client.ts'
import type { FormDefinition, PiiStatus, ReviewSource } from '#db/schema/feedback.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { hmac, safeEqual } from '#app/utils/crypto.server.ts'
import { rateLimitWindow, type RateLimitRule } from '#app/utils/rate-limit.server.ts'
import { isUuid } from '#app/utils/uuid.ts'
import { personalDataKinds, redactPersonalData } from './personal-data.ts'
import { commentFingerprint, commentSpamLookup } from './spam.server.ts'
import { elapsedSince, mergeReasons, scoreOf, scoreSpam, statusAfterScore, type SpamStatusValue } from './spam.ts'
import { normaliseReviewSource } from './review-sources.ts'
import { nextStep, SATISFACTION_CODES, satisfactionValue, type SatisfactionCode, type StepAnswers, type StepName } from './questionnaire.ts'

/** Reviews per hashed address and placement: generous, a France Services desk shares one address. */
export const REVIEW_RATE_LIMIT: RateLimitRule = { limit: 30, windowSeconds: 10 * 60 }
/** A review can be completed or corrected for this long after its first answer. */
export const REVIEW_EDIT_WINDOW_MS = 60 * 60 * 1000
/** The honeypot field (remix-utils' default name): people never see it, bots fill it. */
export const HONEYPOT_FIELD = 'name__confirm'

/** The capability to continue one anonymous review: a keyed hash of its id, nothing stored. */
export function reviewToken(secret: string, reviewId: string): string {
  return hmac(secret, `review:${reviewId}`).slice(0, 32)
}

export function checkReviewToken(secret: string, reviewId: string, token: string | null | undefined): boolean {
  return typeof token === 'string' && safeEqual(token, reviewToken(secret, reviewId))
}

export interface PublicForm {
  placement: { id: string; name: string; allowedOrigins: string[] }
  service: { id: string; name: string; organisationName: string }
  version: { id: string; version: number; definition: FormDefinition }
}

/** The form a placement shows, or null when the placement is unknown, disabled or archived. */
export async function loadPublicForm(db: Db, placementId: string): Promise<PublicForm | null> {
  if (!isUuid(placementId)) return null
  const row = await db
    .selectFrom('feedback_placements as p')
    .innerJoin('feedback_services as s', 's.id', 'p.service_id')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .innerJoin('feedback_forms as f', 'f.id', 'p.form_id')
    .innerJoin('feedback_form_versions as v', 'v.id', 'f.current_version_id')
    .select([
      'p.id as placement_id',
      'p.name as placement_name',
      'p.allowed_origins',
      's.id as service_id',
      's.name as service_name',
      'o.name as organisation_name',
      'v.id as version_id',
      'v.version',
      'v.definition',
    ])
    .where('p.id', '=', placementId)
    .where('p.enabled', '=', true)
    .where('s.archived_at', 'is', null)
    .executeTakeFirst()
  if (!row) return null
  return {
    placement: { id: row.placement_id, name: row.placement_name, allowedOrigins: row.allowed_origins },
    service: { id: row.service_id, name: row.service_name, organisationName: row.organisation_name },
    version: { id: row.version_id, version: row.version, definition: row.definition },
  }
}

/** Just the allowed sites of a placement (for the frame-ancestors header of error pages). */
export async function placementOrigins(db: Db, placementId: string): Promise<string[]> {
  if (!isUuid(placementId)) return []
  const row = await db.selectFrom('feedback_placements').select('allowed_origins').where('id', '=', placementId).executeTakeFirst()
  return row?.allowed_origins ?? []
}

// ---------------------------------------------------------------------------------------------
// First answer

export type FirstAnswerOutcome =
  | { kind: 'recorded'; reviewId: string; token: string }
  | { kind: 'spam' }
  | { kind: 'invalid'; message: string }
  | { kind: 'expired-page' }
  | { kind: 'unknown-placement' }
  | { kind: 'stale-version' }
  | { kind: 'rate-limited'; retryAfter: number }
  | { kind: 'conflict' }

export const FIRST_ANSWER_MESSAGES = {
  invalid: 'Choisissez une réponse : « Très bien », « Moyen » ou « Pas bien ».',
  'expired-page': 'Cette page a expiré. Nous l’avons rechargée : répondez à nouveau, s’il vous plaît.',
  'unknown-placement': 'Ce questionnaire n’existe pas ou n’accepte plus d’avis.',
  'stale-version': 'Ce questionnaire vient d’être modifié. Voici sa nouvelle version : répondez à nouveau, s’il vous plaît.',
  conflict: 'Cet avis a déjà été enregistré.',
} as const

export function rateLimitedMessage(retryAfter: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfter / 60))
  return `Vous avez envoyé beaucoup d’avis en peu de temps depuis cette connexion. Merci de patienter ${minutes > 1 ? `${minutes} minutes` : 'une minute'} avant de recommencer.`
}

export interface FirstAnswerInput {
  placementId: string
  /** Posted fields (URLSearchParams or FormData). */
  fields: { get(name: string): unknown }
  ipHash: string
  at: Date
}

export interface FirstAnswerRow {
  placements: number
  current_version_id: string | null
  hits: number | null
  review_id: string | null
}

/** Runs one SQL text with $n parameters: through Kysely, or a dedicated prepared-statement pool. */
export type StatementExecutor = (text: string, parameters: unknown[]) => Promise<FirstAnswerRow[]>

/**
 * Writes one validated first answer and returns its row: one statement of its own
 * (`statementWriter`), or a place in the next batch (ingest-batch.server.ts).
 */
export interface FirstAnswerWriter {
  write(answer: FirstAnswerParams): Promise<FirstAnswerRow>
}

export function kyselyExecutor(db: Db): StatementExecutor {
  return async (text, parameters) => (await db.executeQuery<FirstAnswerRow>(CompiledQuery.raw(text, parameters))).rows
}

/** The parameters of one first answer, checked (UUIDs, choices) before any SQL. */
export interface FirstAnswerParams {
  placementId: string
  rateLimitKey: string
  windowStart: Date
  versionId: string
  reviewId: string
  source: ReviewSource
  satisfaction: number
  at: Date
  /** Daily-keyed hash of the address (kept on the review for « same text from the same address »). */
  ipHash: string
  /** Computed in memory before the write (decision 101): honeypot and time to answer. */
  spamScore: number
  spamReasons: string[]
  spamStatus: SpamStatusValue
}

/**
 * Placement check, rate limit (a hit counted in `rate_limits`, as hitRateLimit does) and insert,
 * in ONE statement. Parameters: $1 placement, $2 rate-limit key, $3 window start, $4 version the
 * page showed, $5 review id (from the page), $6 source, $7 satisfaction, $8 time, $9 address hash,
 * $10 spam score, $11 spam reasons (comma-separated), $12 spam status.
 * The rate-limit hit is only counted when the page's version is current; the insert happens only
 * within the limit. A double click (same id) updates the first answer instead of duplicating it.
 */
export const FIRST_ANSWER_SQL = `
WITH pl AS (
  SELECT p.id, p.service_id, s.organisation_id, f.current_version_id
  FROM feedback_placements p
  JOIN feedback_services s ON s.id = p.service_id AND s.archived_at IS NULL
  JOIN feedback_forms f ON f.id = p.form_id
  WHERE p.id = $1::uuid AND p.enabled
), rl AS (
  INSERT INTO rate_limits (key, window_start, hits)
  SELECT $2::text, $3::timestamptz, 1 FROM pl WHERE pl.current_version_id = $4::uuid
  ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
  RETURNING hits
), ins AS (
  INSERT INTO feedback_reviews (id, organisation_id, service_id, placement_id, form_version_id, source, satisfaction, created_at, updated_at,
                                ip_hash, spam_score, spam_reasons, spam_status)
  SELECT $5::uuid, pl.organisation_id, pl.service_id, pl.id, pl.current_version_id, $6::text, $7::smallint, $8::timestamptz, $8::timestamptz,
         $9::text, $10::smallint, string_to_array($11::text, ','), $12::text
  FROM pl, rl WHERE rl.hits <= ${REVIEW_RATE_LIMIT.limit}
  ON CONFLICT (id) DO UPDATE SET satisfaction = EXCLUDED.satisfaction, updated_at = EXCLUDED.updated_at
    WHERE feedback_reviews.placement_id = EXCLUDED.placement_id
      AND feedback_reviews.clarity IS NULL AND feedback_reviews.help_needed IS NULL AND feedback_reviews.completed_at IS NULL
      AND feedback_reviews.created_at > EXCLUDED.created_at - interval '1 hour'
  RETURNING id
)
SELECT (SELECT count(*) FROM pl)::int AS placements, (SELECT current_version_id FROM pl) AS current_version_id,
       (SELECT hits FROM rl) AS hits, (SELECT id FROM ins) AS review_id`

export function firstAnswerStatementParameters(answer: FirstAnswerParams): unknown[] {
  return [
    answer.placementId,
    answer.rateLimitKey,
    answer.windowStart,
    answer.versionId,
    answer.reviewId,
    answer.source,
    answer.satisfaction,
    answer.at,
    answer.ipHash,
    answer.spamScore,
    answer.spamReasons.join(','),
    answer.spamStatus,
  ]
}

/** Each answer in a statement (and a transaction) of its own. */
export function statementWriter(db: Db | StatementExecutor): FirstAnswerWriter {
  const execute = typeof db === 'function' ? db : kyselyExecutor(db)
  return { write: async (answer) => (await execute(FIRST_ANSWER_SQL, firstAnswerStatementParameters(answer)))[0]! }
}

/**
 * The checks made before any SQL (honeypot, identifiers, choices): either an outcome already, or
 * the parameters to write. No database access.
 */
export function prepareFirstAnswer(input: FirstAnswerInput): { outcome: FirstAnswerOutcome } | { answer: FirstAnswerParams; retryAfter: number } {
  const field = (name: string) => {
    const value = input.fields.get(name)
    return typeof value === 'string' ? value : null
  }
  // Honeypot: bots fill every field. The bot is thanked as anyone; a well-formed answer is stored
  // held as spam with its reason (a browser's autofill can fill the field too: an agent can clear
  // it), anything else is dropped without a word.
  const honeypot = field(HONEYPOT_FIELD)
  const honeypotFilled = honeypot === null || honeypot !== ''
  const dropOr = (outcome: FirstAnswerOutcome) => ({ outcome: honeypotFilled ? ({ kind: 'spam' } as const) : outcome })
  if (!isUuid(input.placementId)) return dropOr({ kind: 'unknown-placement' })
  const satisfaction = field('satisfaction')
  if (!satisfaction || !(SATISFACTION_CODES as string[]).includes(satisfaction)) return dropOr({ kind: 'invalid', message: FIRST_ANSWER_MESSAGES.invalid })
  const reviewId = field('avis')
  const versionId = field('version')
  if (!isUuid(reviewId) || !isUuid(versionId)) return dropOr({ kind: 'expired-page' })
  const spam = scoreSpam({ honeypotFilled, elapsedMs: elapsedSince(field('affiche'), input.at) })
  // An embed code pasted before migration 0021 may still send the French value (decision 111).
  const source: ReviewSource = normaliseReviewSource(field('source')) ?? 'link'
  const { windowStart, retryAfter } = rateLimitWindow(REVIEW_RATE_LIMIT, input.at)
  return {
    retryAfter,
    answer: {
      placementId: input.placementId,
      rateLimitKey: `avis:${input.placementId}:${input.ipHash}`,
      windowStart,
      versionId,
      // Lower case: a batch tells its rows apart by id, as PostgreSQL compares UUIDs.
      reviewId: reviewId.toLowerCase(),
      source,
      satisfaction: satisfactionValue(satisfaction as SatisfactionCode),
      at: input.at,
      ipHash: input.ipHash,
      spamScore: spam.score,
      spamReasons: spam.reasons,
      spamStatus: statusAfterScore(spam.score),
    },
  }
}

/** What the written row means for the person who answered. */
export function firstAnswerOutcome(row: FirstAnswerRow, answer: FirstAnswerParams, retryAfter: number, secret: string): FirstAnswerOutcome {
  if (row.placements === 0) return { kind: 'unknown-placement' }
  if (row.current_version_id !== answer.versionId) return { kind: 'stale-version' }
  if (row.hits !== null && row.hits > REVIEW_RATE_LIMIT.limit) return { kind: 'rate-limited', retryAfter }
  if (!row.review_id) return { kind: 'conflict' }
  return { kind: 'recorded', reviewId: row.review_id, token: reviewToken(secret, row.review_id) }
}

/**
 * Records the answer to « De façon générale, comment ça s'est passé ? » as a new review. The
 * review id comes from the page (a double click records one review). One round trip, alone or in
 * a batch with the answers that arrive at the same moment (`FirstAnswerWriter`).
 */
export async function submitFirstAnswer(db: Db | StatementExecutor | FirstAnswerWriter, secret: string, input: FirstAnswerInput): Promise<FirstAnswerOutcome> {
  const prepared = prepareFirstAnswer(input)
  if ('outcome' in prepared) return prepared.outcome
  const writer = typeof db === 'object' && 'write' in db ? db : statementWriter(db)
  const row = await writer.write(prepared.answer)
  const outcome = firstAnswerOutcome(row, prepared.answer, prepared.retryAfter, secret)
  // The trap was filled: the answer is kept (held), the sender only learns « merci ».
  return outcome.kind === 'recorded' && prepared.answer.spamReasons.includes('honeypot') ? { kind: 'spam' } : outcome
}

// ---------------------------------------------------------------------------------------------
// Later steps

export interface ReviewInProgress {
  id: string
  placementId: string
  serviceName: string
  organisationName: string
  allowedOrigins: string[]
  definition: FormDefinition
  createdAt: Date
  satisfaction: number
  clarity: number | null
  helpNeeded: boolean | null
  helpChannels: string[]
  helpReached: boolean | null
  helpQuality: number | null
  comment: string | null
  contactEmail: string | null
  completedAt: Date | null
  editable: boolean
  ipHash: string | null
  spamReasons: string[]
  spamStatus: SpamStatusValue
}

/** A review its author may continue (right token), with the version it answers. */
export async function loadReviewInProgress(db: Db, secret: string, placementId: string, reviewId: string, token: string | null, at: Date): Promise<ReviewInProgress | null> {
  if (!isUuid(placementId) || !isUuid(reviewId) || !checkReviewToken(secret, reviewId, token)) return null
  const row = await db
    .selectFrom('feedback_reviews as r')
    .innerJoin('feedback_placements as p', 'p.id', 'r.placement_id')
    .innerJoin('feedback_services as s', 's.id', 'r.service_id')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .innerJoin('feedback_form_versions as v', 'v.id', 'r.form_version_id')
    .select([
      'r.id',
      'r.placement_id',
      's.name as service_name',
      'o.name as organisation_name',
      'p.allowed_origins',
      'v.definition',
      'r.created_at',
      'r.satisfaction',
      'r.clarity',
      'r.help_needed',
      'r.help_channels',
      'r.help_reached',
      'r.help_quality',
      'r.comment',
      'r.contact_email',
      'r.completed_at',
      'r.ip_hash',
      'r.spam_reasons',
      'r.spam_status',
    ])
    .where('r.id', '=', reviewId)
    .where('r.placement_id', '=', placementId)
    .executeTakeFirst()
  if (!row) return null
  return {
    id: row.id,
    placementId: row.placement_id,
    serviceName: row.service_name,
    organisationName: row.organisation_name,
    allowedOrigins: row.allowed_origins,
    definition: row.definition,
    createdAt: row.created_at,
    satisfaction: row.satisfaction,
    clarity: row.clarity,
    helpNeeded: row.help_needed,
    helpChannels: row.help_channels,
    helpReached: row.help_reached,
    helpQuality: row.help_quality,
    comment: row.comment,
    contactEmail: row.contact_email,
    completedAt: row.completed_at,
    editable: at.getTime() - row.created_at.getTime() < REVIEW_EDIT_WINDOW_MS,
    ipHash: row.ip_hash,
    spamReasons: row.spam_reasons,
    spamStatus: row.spam_status,
  }
}

/** The first step this review has not answered yet (where a returning person lands). */
export function firstOpenStep(review: ReviewInProgress): StepName | null {
  let step: StepName | null = nextStep(review.definition, 'satisfaction', { helpNeeded: review.helpNeeded })
  while (step) {
    const answered =
      (step === 'clarte' && review.clarity !== null) ||
      (step === 'aide' && review.helpNeeded !== null) ||
      (step === 'aide-suite' && review.helpReached !== null)
    if (!answered) return step
    step = nextStep(review.definition, step, { helpNeeded: review.helpNeeded })
  }
  return null
}

/**
 * Saves the answers of one step on the same review and tells where to go next. Texts are
 * scanned for personal data; a flagged review stays masked for the team until someone checks it.
 */
export async function recordStepAnswers(
  db: Db,
  review: ReviewInProgress,
  answers: StepAnswers,
  at: Date,
): Promise<{ ok: true; next: StepName | null } | { ok: false }> {
  if (!review.editable) return { ok: false }
  const helpNeeded = answers.step === 'aide' ? answers.helpNeeded : review.helpNeeded
  const next = nextStep(review.definition, answers.step, { helpNeeded })
  const completed = next === null ? { completed_at: at } : {}
  let update = db.updateTable('feedback_reviews').set({ updated_at: at, ...completed })
  switch (answers.step) {
    case 'clarte':
      update = update.set({ clarity: answers.clarity })
      break
    case 'aide':
      // « Je n'ai pas eu besoin d'aide » (or a changed answer) clears the follow-up answers.
      update = update.set({
        help_needed: answers.helpNeeded,
        help_channels: answers.channels,
        ...(answers.helpNeeded === true ? {} : { help_reached: null, help_quality: null }),
      })
      break
    case 'aide-suite':
      if (review.helpNeeded !== true) return { ok: false }
      update = update.set({ help_reached: answers.reached, help_quality: answers.quality })
      break
    case 'commentaire': {
      const kinds = answers.comment ? personalDataKinds(answers.comment) : []
      // The text's spam signals (links, same text from the same address, flood on the placement),
      // added to the first answer's (decision 101). One lookup statement, this step is not the hot path.
      const fingerprint = commentFingerprint(answers.comment)
      const lookup = answers.comment ? await commentSpamLookup(db, review, fingerprint, at) : { sameTextFromAddress: 0, placementComments: 0 }
      const textSignals = scoreSpam({ text: answers.comment, ...lookup })
      const firstAnswerReasons = review.spamReasons.filter((reason) => reason === 'honeypot' || reason === 'too_fast')
      const reasons = mergeReasons(firstAnswerReasons, textSignals.reasons)
      const score = scoreOf(reasons)
      update = update.set({
        comment_fingerprint: fingerprint,
        spam_score: score,
        spam_reasons: reasons,
        spam_status: statusAfterScore(score, review.spamStatus),
        comment: answers.comment,
        has_comment: answers.comment !== null,
        pii_kinds: kinds,
        pii_status: kinds.length ? 'flagged' : 'none',
        pii_reviewed_by: null,
        pii_reviewed_at: null,
        contact_email: answers.contact,
      })
      break
    }
  }
  const result = await update
    .where('id', '=', review.id)
    .where('created_at', '>', new Date(at.getTime() - REVIEW_EDIT_WINDOW_MS))
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) return { ok: false }
  return { ok: true, next }
}

// ---------------------------------------------------------------------------------------------
// The team's view of one review

export async function findReviewForTeam(db: Db, serviceId: string, reviewId: string) {
  if (!isUuid(reviewId)) return null
  return (
    (await db
      .selectFrom('feedback_reviews as r')
      .innerJoin('feedback_placements as p', 'p.id', 'r.placement_id')
      .leftJoin('feedback_form_versions as v', 'v.id', 'r.form_version_id')
      .leftJoin('users as u', 'u.id', 'r.pii_reviewed_by')
      .select([
        'r.id',
        'r.created_at',
        'r.source',
        'r.satisfaction',
        'r.clarity',
        'r.help_needed',
        'r.help_channels',
        'r.help_reached',
        'r.help_quality',
        'r.comment',
        'r.contact_email',
        'r.pii_kinds',
        'r.pii_status',
        'r.pii_reviewed_at',
        'r.completed_at',
        'r.text_purged_at',
        'p.name as placement_name',
        'v.version',
        'u.display_name as reviewer_name',
      ])
      .where('r.service_id', '=', serviceId)
      .where('r.id', '=', reviewId)
      .executeTakeFirst()) ?? null
  )
}

export type PersonalDataDecision = 'afficher' | 'effacer'

/**
 * A team member checks a flagged text: either it holds no personal data (shown from now on), or
 * the detected parts are erased (« [supprimé] ») and the rest is shown.
 */
export async function decidePersonalData(db: Db, user: SessionUser, serviceId: string, reviewId: string, decision: PersonalDataDecision): Promise<PiiStatus | null> {
  return db.transaction().execute(async (trx) => {
    const review = await trx
      .selectFrom('feedback_reviews')
      .select(['id', 'comment', 'pii_status', 'pii_kinds', 'contact_email'])
      .where('id', '=', reviewId)
      .where('service_id', '=', serviceId)
      .forUpdate()
      .executeTakeFirst()
    if (!review) return null
    const status: PiiStatus = decision === 'afficher' ? 'cleared' : 'redacted'
    if (review.pii_status === status) return status
    await trx
      .updateTable('feedback_reviews')
      .set({
        pii_status: status,
        pii_reviewed_by: user.id,
        pii_reviewed_at: now(),
        ...(decision === 'effacer' && review.comment ? { comment: redactPersonalData(review.comment) } : {}),
      })
      .where('id', '=', reviewId)
      .execute()
    await audit(trx, {
      actorId: user.id,
      action: decision === 'afficher' ? 'feedback.review.personal_data_cleared' : 'feedback.review.personal_data_erased',
      subjectType: 'feedback_review',
      subjectId: reviewId,
      data: { serviceId, kinds: review.pii_kinds, previousStatus: review.pii_status },
    })
    return status
  })
}
