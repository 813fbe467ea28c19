// Calls for projects: creation and editing by the programme team, the versioned criteria grid,
// state changes (by the team, and on time by a job), and what the public sees.
import { sql, type Selectable } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { Db } from '#db/client.ts'
import type { CallCriteriaTable, CallState, FaqEntry, Jury } from '#db/schema/accelerator.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import type { CallFormValues } from './call-form.ts'
import { CALL_TRANSITIONS, closingDateEditable, gridEditMode, publicStatus, scoringSettingsEditable, type CallTransitionName } from './call-states.ts'
import type { CriterionInput } from '../programme-defaults.ts'
import { isUuid } from '#app/utils/uuid.ts'

export type CallRow = Awaited<ReturnType<typeof findCall>> & {}

export async function findCall(db: Db, callId: string) {
  if (!isUuid(callId)) return undefined
  return db.selectFrom('calls').selectAll().where('id', '=', callId).executeTakeFirst()
}


export interface Criterion {
  id: string
  position: number
  title: string
  description: string
  levels: string[]
  weight: number
  jury: Jury
}

export interface Grid {
  version: number
  eligibleKinds: string[]
  reason: string | null
  createdAt: Date
  criteria: Criterion[]
}

/** A criterion as the pages read it, from its row (read as JSON by `jsonArrayFrom`). */
function criterionOf(c: Pick<Selectable<CallCriteriaTable>, 'id' | 'position' | 'title' | 'description' | 'level_descriptions' | 'weight' | 'jury'>): Criterion {
  return { id: c.id, position: c.position, title: c.title, description: c.description, levels: c.level_descriptions, weight: c.weight, jury: c.jury }
}

/** A version of a call's grid with its criteria (the current one by default), in one query. */
export async function getGrid(db: Db, callId: string, version?: number): Promise<Grid | null> {
  const row = await db
    .selectFrom('call_grid_versions as g')
    .innerJoin('calls as c', 'c.id', 'g.call_id')
    .selectAll('g')
    .select((eb) =>
      jsonArrayFrom(
        eb.selectFrom('call_criteria as k').selectAll('k').whereRef('k.call_id', '=', 'g.call_id').whereRef('k.version', '=', 'g.version').orderBy('k.position'),
      ).as('criteria'),
    )
    .where('g.call_id', '=', callId)
    .where((eb) => eb('g.version', '=', version ?? eb.ref('c.grid_version')))
    .executeTakeFirst()
  if (!row) return null
  return {
    version: row.version,
    eligibleKinds: row.eligible_kinds,
    reason: row.reason,
    createdAt: row.created_at,
    criteria: row.criteria.map(criterionOf),
  }
}

export async function gridHistory(db: Db, callId: string) {
  return db
    .selectFrom('call_grid_versions')
    .leftJoin('users', 'users.id', 'call_grid_versions.created_by')
    .select(['call_grid_versions.version', 'call_grid_versions.reason', 'call_grid_versions.created_at', 'users.display_name as author'])
    .where('call_id', '=', callId)
    .orderBy('version', 'desc')
    .execute()
}

function settingsFromForm(values: CallFormValues) {
  return {
    title: values.title,
    slug: values.slug,
    intro: values.intro,
    opens_at: values.opensAt,
    closes_at: values.closesAt,
    results_on: values.resultsOn,
    places: values.places,
    faq: values.faq.filter((entry) => entry.question && entry.answer) as FaqEntry[],
    admin_reviews_per_application: values.adminReviews,
    citizen_reviews_per_application: values.citizenReviews,
    citizen_scoring_mode: values.citizenMode,
    combination_rule: values.combinationRule,
    admin_jury_weight: values.adminWeight,
    citizen_jury_weight: 100 - values.adminWeight,
    sequential_top_n: values.combinationRule === 'sequential' ? (values.topN ?? null) : null,
    divergence_gap: values.divergenceGap,
  }
}

/** JSON with object keys sorted: jsonb does not keep the order keys were written in. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  )
}

export type CallSaveError = { field: 'slug' | 'opensAt' | 'closesAt' | 'form'; message: string }

async function slugTaken(db: Db, slug: string, exceptId?: string): Promise<boolean> {
  let query = db.selectFrom('calls').select('id').where('slug', '=', slug)
  if (exceptId) query = query.where('id', '<>', exceptId)
  return Boolean(await query.executeTakeFirst())
}

/** Creates a draft call with its first grid (pre-filled with the programme's criteria). */
export async function createCall(
  db: Db,
  actor: SessionUser,
  values: CallFormValues,
  grid: { eligibleKinds: string[]; criteria: CriterionInput[] },
): Promise<{ ok: true; id: string } | { ok: false; error: CallSaveError }> {
  if (await slugTaken(db, values.slug)) return { ok: false, error: { field: 'slug', message: 'Cette adresse est déjà utilisée par un autre appel.' } }
  return db.transaction().execute(async (trx) => {
    const call = await trx
      .insertInto('calls')
      .values({ ...settingsFromForm(values), created_by: actor.id })
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx.insertInto('call_grid_versions').values({ call_id: call.id, version: 1, eligible_kinds: grid.eligibleKinds, created_by: actor.id }).execute()
    await insertCriteria(trx, call.id, 1, grid.criteria)
    await audit(trx, { actorId: actor.id, action: 'call.created', subjectType: 'call', subjectId: call.id, data: { title: values.title, slug: values.slug } })
    return { ok: true as const, id: call.id }
  })
}

async function insertCriteria(db: Db, callId: string, version: number, criteria: CriterionInput[]) {
  if (!criteria.length) return
  await db
    .insertInto('call_criteria')
    .values(
      criteria.map((criterion, index) => ({
        call_id: callId,
        version,
        position: index + 1,
        title: criterion.title,
        description: criterion.description,
        level_descriptions: [...criterion.levels],
        weight: criterion.weight,
        jury: criterion.jury,
      })),
    )
    .execute()
}

/**
 * Edits a call's information and settings. The opening date cannot move once the call is open;
 * the scoring settings freeze when scoring starts. Every change is audited with what changed.
 */
export async function updateCall(
  db: Db,
  actor: SessionUser,
  callId: string,
  values: CallFormValues,
): Promise<{ ok: true } | { ok: false; error: CallSaveError }> {
  if (await slugTaken(db, values.slug, callId)) return { ok: false, error: { field: 'slug', message: 'Cette adresse est déjà utilisée par un autre appel.' } }
  return db.transaction().execute(async (trx) => {
    const call = await trx.selectFrom('calls').selectAll().where('id', '=', callId).forUpdate().executeTakeFirst()
    if (!call) return { ok: false as const, error: { field: 'form' as const, message: 'Cet appel n’existe plus.' } }
    const next = settingsFromForm(values)
    if (call.state !== 'brouillon' && next.opens_at.getTime() !== call.opens_at.getTime()) {
      return { ok: false as const, error: { field: 'opensAt' as const, message: 'L’appel est déjà ouvert : sa date d’ouverture ne peut plus changer.' } }
    }
    if (!closingDateEditable(call.state) && next.closes_at.getTime() !== call.closes_at.getTime()) {
      return { ok: false as const, error: { field: 'closesAt' as const, message: 'L’appel est clos : sa date limite ne peut plus changer.' } }
    }
    const scoringKeys = [
      'admin_reviews_per_application',
      'citizen_reviews_per_application',
      'citizen_scoring_mode',
      'combination_rule',
      'admin_jury_weight',
      'citizen_jury_weight',
      'sequential_top_n',
      'divergence_gap',
    ] as const
    const changed: Record<string, { avant: unknown; apres: unknown }> = {}
    for (const [key, value] of Object.entries(next)) {
      const before = (call as Record<string, unknown>)[key]
      const same = before instanceof Date && value instanceof Date ? before.getTime() === value.getTime() : stableJson(before) === stableJson(value)
      if (!same) changed[key] = { avant: before, apres: value }
    }
    if (!scoringSettingsEditable(call.state) && scoringKeys.some((key) => key in changed)) {
      return {
        ok: false as const,
        error: { field: 'form' as const, message: 'L’évaluation a commencé : les règles de sélection ne peuvent plus changer.' },
      }
    }
    if (!Object.keys(changed).length) return { ok: true as const }
    await trx
      .updateTable('calls')
      .set({ ...next, updated_at: now() })
      .where('id', '=', callId)
      .execute()
    await audit(trx, { actorId: actor.id, action: 'call.updated', subjectType: 'call', subjectId: callId, data: { changes: changed } })
    return { ok: true as const }
  })
}

/**
 * Saves the grid and eligibility rules. A draft call is edited in place; an open or closed call
 * gets a new version (with its reason, audited, the old one kept); from evaluation on, refused.
 */
export async function saveGrid(
  db: Db,
  actor: SessionUser,
  callId: string,
  input: { eligibleKinds: string[]; criteria: CriterionInput[]; reason?: string | null },
): Promise<{ ok: true; version: number } | { ok: false; error: 'frozen' | 'reason-required' | 'not-found' }> {
  return db.transaction().execute(async (trx) => {
    const call = await trx.selectFrom('calls').select(['id', 'state', 'grid_version']).where('id', '=', callId).forUpdate().executeTakeFirst()
    if (!call) return { ok: false as const, error: 'not-found' as const }
    const mode = gridEditMode(call.state)
    if (mode === 'frozen') return { ok: false as const, error: 'frozen' as const }
    if (mode === 'in_place') {
      await trx.deleteFrom('call_criteria').where('call_id', '=', callId).where('version', '=', call.grid_version).execute()
      await trx
        .updateTable('call_grid_versions')
        .set({ eligible_kinds: input.eligibleKinds })
        .where('call_id', '=', callId)
        .where('version', '=', call.grid_version)
        .execute()
      await insertCriteria(trx, callId, call.grid_version, input.criteria)
      await audit(trx, {
        actorId: actor.id,
        action: 'call.grid_updated',
        subjectType: 'call',
        subjectId: callId,
        data: { version: call.grid_version, criteria: input.criteria.map((c) => c.title), eligibleKinds: input.eligibleKinds },
      })
      return { ok: true as const, version: call.grid_version }
    }
    const reason = input.reason?.trim()
    if (!reason) return { ok: false as const, error: 'reason-required' as const }
    const version = call.grid_version + 1
    await trx
      .insertInto('call_grid_versions')
      .values({ call_id: callId, version, eligible_kinds: input.eligibleKinds, reason, created_by: actor.id })
      .execute()
    await insertCriteria(trx, callId, version, input.criteria)
    await trx.updateTable('calls').set({ grid_version: version, updated_at: now() }).where('id', '=', callId).execute()
    await audit(trx, {
      actorId: actor.id,
      action: 'call.grid_versioned',
      subjectType: 'call',
      subjectId: callId,
      data: { from: call.grid_version, to: version, reason, criteria: input.criteria.map((c) => c.title), eligibleKinds: input.eligibleKinds },
    })
    return { ok: true as const, version }
  })
}

/** Why a draft call cannot open yet (empty when it can). */
export async function openingProblems(db: Db, callId: string, at: Date = now()): Promise<string[]> {
  const call = await findCall(db, callId)
  if (!call) return ['Cet appel n’existe plus.']
  const grid = await getGrid(db, callId)
  const problems: string[] = []
  if (!grid || grid.criteria.length === 0) problems.push('La grille de critères est vide : ajoutez au moins un critère.')
  if (!grid || grid.eligibleKinds.length === 0) problems.push('Aucun type de structure n’est admis : complétez les règles d’éligibilité.')
  if (call.closes_at.getTime() <= at.getTime()) problems.push('La date limite de dépôt est déjà passée : modifiez les dates.')
  if (!call.intro.trim()) problems.push('La présentation de l’appel est vide.')
  return problems
}

export type CallTransitionResult = { ok: true; already?: boolean } | { ok: false; message: string }

/** What a person reads when asked to publish anywhere but through the results' own checks. */
export const PUBLISH_ELSEWHERE_MESSAGE =
  'Publiez les résultats depuis la page « Résultats et délibération » : elle vérifie que chaque candidature a sa décision.'

/**
 * Moves a call to its next state. The team's button and the scheduled job both come here; the
 * change is audited (« tâche planifiée » when no one acted). Publication is refused here: it
 * goes through `publishResults` (scoring-results.server.ts), which checks every decision and
 * moves the call with `moveCallState` inside its own transaction.
 */
export async function changeCallState(
  db: Db,
  actor: SessionUser | null,
  callId: string,
  transition: CallTransitionName,
  at: Date = now(),
): Promise<CallTransitionResult> {
  if (transition === 'publish_results') return { ok: false, message: PUBLISH_ELSEWHERE_MESSAGE }
  if (transition === 'open') {
    const problems = await openingProblems(db, callId, at)
    if (problems.length) return { ok: false, message: problems.join(' ') }
  }
  return db.transaction().execute((trx) => moveCallState(trx, actor, callId, transition, at))
}

/**
 * The one writer of `calls.state`, inside the caller's transaction: locks the call, checks that
 * it is in the transition's starting state (already in its end state: nothing to do), moves it
 * and audits the change (`data` adds to the audit entry's `from` and `to`).
 */
export async function moveCallState(
  trx: Db,
  actor: SessionUser | null,
  callId: string,
  transition: CallTransitionName,
  at: Date,
  data: Record<string, unknown> = {},
): Promise<CallTransitionResult> {
  const definition = CALL_TRANSITIONS[transition]
  const call = await trx.selectFrom('calls').select(['id', 'state']).where('id', '=', callId).forUpdate().executeTakeFirst()
  if (!call) return { ok: false, message: 'Cet appel n’existe plus.' }
  if (call.state === definition.to) return { ok: true, already: true }
  if (call.state !== definition.from) return { ok: false, message: 'L’état de l’appel a changé entre-temps : rechargez la page.' }
  await trx
    .updateTable('calls')
    .set({ state: definition.to, state_changed_at: at, opening_scheduled: false, updated_at: at })
    .where('id', '=', callId)
    .execute()
  await audit(trx, {
    actorId: actor?.id ?? null,
    actorLabel: actor ? undefined : 'tâche planifiée',
    action: definition.audit,
    subjectType: 'call',
    subjectId: callId,
    data: { from: call.state, to: definition.to, ...data },
  })
  return { ok: true }
}

/** The team schedules the opening of a draft call at its opening date (or cancels it). */
export async function setOpeningScheduled(db: Db, actor: SessionUser, callId: string, scheduled: boolean): Promise<CallTransitionResult> {
  if (scheduled) {
    const problems = await openingProblems(db, callId)
    if (problems.length) return { ok: false, message: problems.join(' ') }
  }
  return db.transaction().execute(async (trx) => {
    const call = await trx.selectFrom('calls').select(['state', 'opening_scheduled']).where('id', '=', callId).forUpdate().executeTakeFirst()
    if (!call) return { ok: false as const, message: 'Cet appel n’existe plus.' }
    if (call.state !== 'brouillon') return { ok: false as const, message: 'Cet appel n’est plus un brouillon.' }
    if (call.opening_scheduled === scheduled) return { ok: true as const, already: true }
    await trx.updateTable('calls').set({ opening_scheduled: scheduled, updated_at: now() }).where('id', '=', callId).execute()
    await audit(trx, {
      actorId: actor.id,
      action: scheduled ? 'call.opening_scheduled' : 'call.opening_unscheduled',
      subjectType: 'call',
      subjectId: callId,
    })
    return { ok: true as const }
  })
}

/**
 * The scheduled job: opens scheduled calls whose opening date has come, closes open calls whose
 * deadline has passed. Idempotent: running it twice changes nothing more.
 */
export async function openAndCloseCallsOnTime(db: Db, at: Date): Promise<{ opened: number; closed: number }> {
  const toOpen = await db
    .selectFrom('calls')
    .select('id')
    .where('state', '=', 'brouillon')
    .where('opening_scheduled', '=', true)
    .where('opens_at', '<=', at)
    .where('closes_at', '>', at)
    .execute()
  let opened = 0
  for (const call of toOpen) if ((await changeCallState(db, null, call.id, 'open', at)).ok) opened++
  const toClose = await db.selectFrom('calls').select('id').where('state', '=', 'ouvert').where('closes_at', '<=', at).execute()
  let closed = 0
  for (const call of toClose) if ((await changeCallState(db, null, call.id, 'close', at)).ok) closed++
  return { opened, closed }
}

/** Every call with the number of applications in each state, for the team's list. */
export async function listCallsForTeam(db: Db) {
  const calls = await db
    .selectFrom('calls')
    .select(['id', 'slug', 'title', 'state', 'opening_scheduled', 'opens_at', 'closes_at', 'places'])
    .select((eb) => [
      eb
        .selectFrom('applications')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('applications.call_id', '=', 'calls.id')
        .where('applications.state', '<>', 'brouillon')
        .as('submitted'),
      eb
        .selectFrom('applications')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('applications.call_id', '=', 'calls.id')
        .where('applications.state', '=', 'brouillon')
        .as('drafts'),
    ])
    .orderBy('opens_at', 'desc')
    .limit(200)
    .execute()
  return calls.map((call) => ({ ...call, submitted: call.submitted ?? 0, drafts: call.drafts ?? 0 }))
}

/** The calls the public sees, sorted into open, upcoming and past. */
export async function listPublicCalls(db: Db, at: Date = now()) {
  const calls = await db
    .selectFrom('calls')
    .select(['id', 'slug', 'title', 'intro', 'state', 'opening_scheduled', 'opens_at', 'closes_at', 'results_on', 'places'])
    .where((eb) => eb.or([eb('state', '<>', 'brouillon'), eb('opening_scheduled', '=', true)]))
    .orderBy('opens_at', 'desc')
    .limit(100)
    .execute()
  const sorted = { open: [] as typeof calls, upcoming: [] as typeof calls, past: [] as typeof calls }
  for (const call of calls) {
    const status = publicStatus(call, at)
    if (status) sorted[status].push(call)
  }
  sorted.upcoming.reverse()
  return sorted
}

/** The calls open for applications now (publicStatus 'open'), newest first, with what a list shows. */
export async function listOpenCalls(db: Db, at: Date = now()) {
  return db
    .selectFrom('calls')
    .select(['slug', 'title', 'closes_at'])
    .where('state', '=', 'ouvert')
    .where('closes_at', '>', at)
    .orderBy('opens_at', 'desc')
    .limit(100)
    .execute()
}

/** A call as the public sees it, or undefined when it is not public (draft not scheduled, unknown). */
export async function findPublicCall(db: Db, slug: string) {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined
  const call = await db.selectFrom('calls').selectAll().where('slug', '=', slug).executeTakeFirst()
  if (!call || (call.state === 'brouillon' && !call.opening_scheduled)) return undefined
  return call
}

/**
 * The public page of a call in one query: the call (undefined when not public), its current grid
 * with its criteria, and the number of applications submitted. Same rules as findPublicCall,
 * getGrid and submittedCount, one round trip instead of two (decision 080).
 */
export async function findPublicCallPage(db: Db, slug: string) {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return undefined
  const row = await db
    .selectFrom('calls as c')
    .leftJoin('call_grid_versions as g', (join) => join.onRef('g.call_id', '=', 'c.id').onRef('g.version', '=', 'c.grid_version'))
    .selectAll('c')
    .select([
      'g.version as grid_version_found',
      'g.eligible_kinds as grid_eligible_kinds',
      'g.reason as grid_reason',
      'g.created_at as grid_created_at',
      (eb) =>
        jsonArrayFrom(
          eb.selectFrom('call_criteria as k').selectAll('k').whereRef('k.call_id', '=', 'c.id').whereRef('k.version', '=', 'g.version').orderBy('k.position'),
        ).as('grid_criteria'),
      (eb) =>
        eb
          .selectFrom('applications')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('applications.call_id', '=', 'c.id')
          .where('applications.state', '<>', 'brouillon')
          .as('submitted'),
    ])
    .where('c.slug', '=', slug)
    .executeTakeFirst()
  if (!row || (row.state === 'brouillon' && !row.opening_scheduled)) return undefined
  const { grid_version_found, grid_eligible_kinds, grid_reason, grid_created_at, grid_criteria, submitted, ...call } = row
  const grid: Grid | null =
    grid_version_found === null || grid_created_at === null
      ? null
      : {
          version: grid_version_found,
          eligibleKinds: grid_eligible_kinds ?? [],
          reason: grid_reason,
          createdAt: grid_created_at,
          criteria: grid_criteria.map(criterionOf),
        }
  return { call, grid, submitted: submitted ?? 0 }
}

/** Number of applications submitted to a call (every state but drafts). */
export async function submittedCount(db: Db, callId: string): Promise<number> {
  const row = await db
    .selectFrom('applications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('call_id', '=', callId)
    .where('state', '<>', 'brouillon')
    .executeTakeFirstOrThrow()
  return row.n
}

export function callStateIs(call: { state: CallState }, ...states: CallState[]): boolean {
  return states.includes(call.state)
}
