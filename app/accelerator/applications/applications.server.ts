// Applications as their leaders see them: start a draft, save sections (optimistic concurrency
// between co-leaders), attachments, co-leaders, the dashboard and the timeline. Every function
// takes the acting person and only touches applications they belong to. State changes
// (submit, reopen…) go through application-state-machine.server.ts.
import { sql } from 'kysely'
import { createHash, randomUUID } from 'node:crypto'
import type { Db } from '#db/client.ts'
import type { ApplicationAnswers, AttachmentKind, SectionVersions } from '#db/schema/accelerator.ts'
import { coLeaderInvitationEmail } from '#emails/co-leader-invitation.tsx'
import { normaliseEmail } from '#app/auth/sign-in.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { queueEmail } from '#app/email/send.server.ts'
import { audit } from '#app/utils/audit.server.ts'
import { now } from '#app/utils/clock.server.ts'
import { isStorageUnavailable } from '#app/utils/file-storage.server.ts'
import { logger } from '#app/utils/logger.server.ts'
import { randomToken, sha256 } from '#app/utils/crypto.server.ts'
import type { AcceleratorServices } from '../access.server.ts'
import {
  applicationProgress,
  excludedKindMessage,
  hardLimit,
  projectTitle,
  type Answers,
  type CallRules,
  type SectionDefinition,
  type SectionValues,
} from './application-form.ts'
import { callAcceptsSubmissions, editability, TIMELINE_LABELS } from './application-states.ts'
import { attachmentName, detectAttachmentType, displayedName, refusalMessage } from './attachment-files.server.ts'
import { isUuid } from '#app/utils/uuid.ts'

import { CO_LEADER_INVITATION_DAYS, MAX_FILE_BYTES, MAX_FILES_PER_APPLICATION, MAX_MEMBERS } from '../limits.ts'

export { CO_LEADER_INVITATION_DAYS, MAX_FILE_BYTES, MAX_FILES_PER_APPLICATION, MAX_MEMBERS }

const CALL_COLUMNS = ['calls.id', 'calls.slug', 'calls.title', 'calls.state', 'calls.closes_at', 'calls.results_on', 'calls.opens_at'] as const

async function callOf(db: Db, callId: string) {
  return db.selectFrom('calls').select(CALL_COLUMNS).where('id', '=', callId).executeTakeFirstOrThrow()
}

export type MemberApplication =
  | { status: 'none' }
  | { status: 'removed'; title: string }
  | {
      status: 'member'
      role: 'leader' | 'co_leader'
      application: Awaited<ReturnType<typeof loadApplicationRow>> & {}
      call: Awaited<ReturnType<typeof callOf>>
    }

async function loadApplicationRow(db: Db, applicationId: string) {
  return db
    .selectFrom('applications')
    .select([
      'id',
      'call_id',
      'owner_id',
      'state',
      'reference',
      'answers',
      'section_versions',
      'version',
      'submitted_at',
      'last_submitted_at',
      'submission_count',
      'state_changed_at',
      'state_motivation',
      'correction_request',
      'created_at',
      'updated_at',
    ])
    .where('id', '=', applicationId)
    .executeTakeFirst()
}

/**
 * The application if this person is one of its leaders. A former co-leader gets « removed »
 * (so the page can explain, without showing anything); anyone else, « none » (a 404).
 */
export async function findMemberApplication(db: Db, user: SessionUser, applicationId: string): Promise<MemberApplication> {
  if (!isUuid(applicationId)) return { status: 'none' }
  const member = await db
    .selectFrom('application_members')
    .select(['role', 'removed_at'])
    .where('application_id', '=', applicationId)
    .where('user_id', '=', user.id)
    .executeTakeFirst()
  if (!member) return { status: 'none' }
  const application = await loadApplicationRow(db, applicationId)
  if (!application) return { status: 'none' }
  if (member.removed_at) return { status: 'removed', title: projectTitle(application.answers as Answers) }
  return { status: 'member', role: member.role, application, call: await callOf(db, application.call_id) }
}

async function isActiveMember(db: Db, userId: string, applicationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('application_members')
    .select('user_id')
    .where('application_id', '=', applicationId)
    .where('user_id', '=', userId)
    .where('removed_at', 'is', null)
    .executeTakeFirst()
  return Boolean(row)
}

/**
 * « Déposer une candidature » on a call: creates the person's draft, or returns the one they
 * already have (a double click creates one draft, not two).
 */
export async function startApplication(
  db: Db,
  user: SessionUser,
  callId: string,
): Promise<{ ok: true; id: string; created: boolean } | { ok: false; message: string }> {
  return db.transaction().execute(async (trx) => {
    const call = await trx.selectFrom('calls').select(['id', 'state', 'closes_at', 'results_on']).where('id', '=', callId).executeTakeFirst()
    if (!call) return { ok: false as const, message: 'Cet appel à projets n’existe pas.' }
    const existing = await trx
      .selectFrom('applications')
      .select('id')
      .where('call_id', '=', callId)
      .where('owner_id', '=', user.id)
      .executeTakeFirst()
    if (existing) return { ok: true as const, id: existing.id, created: false }
    if (!callAcceptsSubmissions(call, now())) return { ok: false as const, message: 'Cet appel à projets n’accepte pas de candidature en ce moment.' }
    const inserted = await trx
      .insertInto('applications')
      .values({ call_id: callId, owner_id: user.id })
      .onConflict((oc) => oc.constraint('applications_call_owner_key').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!inserted) {
      const row = await trx.selectFrom('applications').select('id').where('call_id', '=', callId).where('owner_id', '=', user.id).executeTakeFirstOrThrow()
      return { ok: true as const, id: row.id, created: false }
    }
    await trx.insertInto('application_members').values({ application_id: inserted.id, user_id: user.id, role: 'leader', added_by: user.id }).execute()
    await audit(trx, { actorId: user.id, action: 'application.created', subjectType: 'application', subjectId: inserted.id, data: { callId } })
    return { ok: true as const, id: inserted.id, created: true }
  })
}

/** The applications a person leads or co-leads, newest first. */
/** `answers.project.title` when it is a string, otherwise null (as projectTitle reads it). */
function projectTitleColumn(table: 'a') {
  return sql<string | null>`CASE WHEN jsonb_typeof(${sql.ref(`${table}.answers`)}->'project'->'title') = 'string' THEN ${sql.ref(`${table}.answers`)}->'project'->>'title' END`
}

export async function listMyApplications(db: Db, user: SessionUser) {
  const rows = await db
    .selectFrom('application_members as m')
    .innerJoin('applications as a', 'a.id', 'm.application_id')
    .innerJoin('calls', 'calls.id', 'a.call_id')
    // A retained application may be followed in a mentoring cohort (at most one project each).
    .leftJoin('mentoring_projects as mp', 'mp.application_id', 'a.id')
    .select([
      'a.id',
      'a.state',
      'a.reference',
      // The title only: the whole answers are the heaviest column, and the list shows the title.
      projectTitleColumn('a').as('project_title'),
      'a.last_submitted_at',
      'a.state_motivation',
      'a.updated_at',
      'm.role',
      'calls.title as call_title',
      'calls.slug as call_slug',
      'calls.state as call_state',
      'calls.closes_at',
      'calls.results_on',
      'mp.id as mentoring_project_id',
    ])
    .where('m.user_id', '=', user.id)
    .where('m.removed_at', 'is', null)
    .orderBy('a.created_at', 'desc')
    .limit(100)
    .execute()
  return rows
}

export type SaveSectionResult =
  | { ok: true; version: number; savedAt: Date; unchanged: boolean }
  | { ok: false; reason: 'not-member' }
  | { ok: false; reason: 'locked'; message: string }
  /** A value refused whatever the draft: far too long, or a structure type the call does not admit. */
  | { ok: false; reason: 'invalid'; fieldErrors: Record<string, string> }
  /** `by`: the other member's name, or null when their account is gone (the page then says « un autre porteur »). */
  | { ok: false; reason: 'conflict'; version: number; by: string | null; at: Date; theirs: SectionValues }

/**
 * The latest version of the section written by someone other than `userId`. A person's own
 * saves never count: their double clicks, an autosave racing a click, or a second tab are all
 * the same person, and their last save simply wins. Sections saved before `writers` existed
 * only know their latest author.
 */
function lastVersionByOthers(meta: SectionVersions[string] | undefined, userId: string): number {
  if (!meta) return 0
  const writers = meta.writers ?? { [meta.by]: meta.version }
  return Math.max(0, ...Object.entries(writers).filter(([writer]) => writer !== userId).map(([, version]) => version))
}

/**
 * Saves one section of a draft. `expectedVersion` is the section's version the person's page
 * started from: if another member saved the section since then, nothing is overwritten and the
 * caller learns who changed what, and when (the person then chooses to keep their text or take
 * the other one). Saving identical values changes nothing, not even the version.
 */
export async function saveSection(
  db: Db,
  user: SessionUser,
  applicationId: string,
  section: SectionDefinition,
  values: SectionValues,
  expectedVersion: number,
): Promise<SaveSectionResult> {
  const tooLong: Record<string, string> = {}
  for (const field of section.fields) {
    const value = values[field.name]
    const length = Array.isArray(value) ? value.join('').length : (value ?? '').length
    if (length > hardLimit(field)) tooLong[field.name] = `Ce texte est beaucoup trop long (${length} caractères ; ${field.max ?? 200} au plus).`
  }
  if (Object.keys(tooLong).length) return { ok: false, reason: 'invalid', fieldErrors: tooLong }

  return db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications')
      .select(['id', 'call_id', 'state', 'answers', 'section_versions'])
      .where('id', '=', applicationId)
      .forUpdate()
      .executeTakeFirst()
    if (!application || !(await isActiveMember(trx, user.id, applicationId))) return { ok: false as const, reason: 'not-member' as const }
    const call = await callOf(trx, application.call_id)
    const at = now()
    const edit = editability(application, call, at)
    if (!edit.editable) return { ok: false as const, reason: 'locked' as const, message: edit.reason }
    if (section.key === 'structure') {
      // A type the call excludes is never offered, so it comes from a stale or forged form.
      const rules = await callRules(trx, application.call_id)
      const excluded = rules ? excludedKindMessage(String(values.kind ?? ''), rules) : null
      if (excluded) return { ok: false as const, reason: 'invalid' as const, fieldErrors: { kind: excluded } }
    }

    const meta = application.section_versions[section.key]
    const current = meta?.version ?? 0
    const stored = (application.answers[section.key] ?? {}) as SectionValues
    if (sameValues(section, stored, values)) return { ok: true as const, version: current, savedAt: new Date(meta?.at ?? at), unchanged: true }
    if (lastVersionByOthers(meta, user.id) > expectedVersion) {
      // `meta` exists here: someone else wrote a version, so the section has been saved.
      const author = meta ? await trx.selectFrom('users').select(['display_name', 'email']).where('id', '=', meta.by).executeTakeFirst() : undefined
      return {
        ok: false as const,
        reason: 'conflict' as const,
        version: current,
        by: author?.display_name ?? author?.email ?? null,
        at: new Date(meta?.at ?? at),
        theirs: stored,
      }
    }

    const version = current + 1
    const answers: ApplicationAnswers = { ...application.answers, [section.key]: values }
    const writers = { ...(meta ? (meta.writers ?? { [meta.by]: meta.version }) : {}), [user.id]: version }
    await trx
      .updateTable('applications')
      .set({
        answers,
        section_versions: { ...application.section_versions, [section.key]: { version, by: user.id, at: at.toISOString(), writers } },
        version: sql`version + 1`,
        updated_at: at,
      })
      .where('id', '=', applicationId)
      .execute()
    return { ok: true as const, version, savedAt: at, unchanged: false }
  })
}

function sameValues(section: SectionDefinition, a: SectionValues, b: SectionValues): boolean {
  return section.fields.every((field) => JSON.stringify(a[field.name] ?? (field.type === 'checkboxes' ? [] : '')) === JSON.stringify(b[field.name] ?? (field.type === 'checkboxes' ? [] : '')))
}

// ---------------------------------------------------------------------------------------------
// Attachments

/** An application's files; `original_name` is the name to show (cleaned again, decision 082). */
export async function listAttachments(db: Db, applicationId: string) {
  const rows = await db
    .selectFrom('application_files')
    .select(['id', 'kind', 'original_name', 'content_type', 'size_bytes', 'created_at'])
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .execute()
  return rows.map((row) => ({ ...row, original_name: displayedName(row.original_name, row.content_type) }))
}

/** What the call's current grid admits (structure types), for the form and its checks. */
export async function callRules(db: Db, callId: string): Promise<CallRules | null> {
  const row = await db
    .selectFrom('call_grid_versions as g')
    .innerJoin('calls as c', (join) => join.onRef('c.id', '=', 'g.call_id').onRef('c.grid_version', '=', 'g.version'))
    .select('g.eligible_kinds')
    .where('g.call_id', '=', callId)
    .executeTakeFirst()
  return row ? { eligibleKinds: row.eligible_kinds } : null
}

/** Where an application stands: each section's status and what is missing (files included). */
export async function progressOf(db: Db, application: { id: string; call_id: string; answers: ApplicationAnswers }) {
  const [files, rules] = await Promise.all([listAttachments(db, application.id), callRules(db, application.call_id)])
  return applicationProgress(application.answers as Answers, files, rules)
}

export type AttachmentError = { ok: false; message: string; status: 400 | 404 | 409 | 413 | 503 }

/**
 * Adds a file to a draft. The type is decided by the file's content, with bounded work (a zip
 * bomb is refused without being inflated), and the name is made to end with that type's
 * extension (decision 082). The size is capped at 10 Mo, and the bytes go to the storage under
 * a generated key.
 */
export async function addAttachment(
  services: AcceleratorServices,
  user: SessionUser,
  applicationId: string,
  kind: AttachmentKind,
  file: File,
): Promise<{ ok: true; id: string } | AttachmentError> {
  if (file.size === 0) return { ok: false, status: 400, message: 'Ce fichier est vide. Choisissez un autre fichier.' }
  if (file.size > MAX_FILE_BYTES) {
    return { ok: false, status: 413, message: `Ce fichier pèse ${(file.size / 1024 / 1024).toFixed(1).replace('.', ',')} Mo : la limite est de 10 Mo. Réduisez-le (par exemple en l’enregistrant en PDF compressé), puis réessayez.` }
  }
  const bytes = new Uint8Array(await file.arrayBuffer())
  const detection = detectAttachmentType(bytes)
  if (!detection.ok) return { ok: false, status: 400, message: refusalMessage(detection, file.name) }
  const detected = detection.type
  const name = attachmentName(file.name, detected)
  const id = randomUUID()
  const storageKey = `applications/${applicationId}/${id}`
  const result = await services.db.transaction().execute(async (trx) => {
    const application = await trx.selectFrom('applications').select(['id', 'call_id', 'state']).where('id', '=', applicationId).forUpdate().executeTakeFirst()
    if (!application || !(await isActiveMember(trx, user.id, applicationId))) return { ok: false as const, status: 404 as const, message: 'Cette candidature est introuvable.' }
    const edit = editability(application, await callOf(trx, application.call_id), now())
    if (!edit.editable) return { ok: false as const, status: 409 as const, message: edit.reason }
    const count = await trx
      .selectFrom('application_files')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('application_id', '=', applicationId)
      .executeTakeFirstOrThrow()
    if (count.n >= MAX_FILES_PER_APPLICATION) {
      return { ok: false as const, status: 400 as const, message: `Une candidature compte ${MAX_FILES_PER_APPLICATION} fichiers au plus. Supprimez un fichier avant d’en ajouter un autre.` }
    }
    // Written before the row, inside the transaction: a file the storage did not acknowledge is
    // never recorded, and if the insert fails the file is removed below.
    await services.storage.put(storageKey, bytes, { maxBytes: MAX_FILE_BYTES })
    await trx
      .insertInto('application_files')
      .values({
        id,
        application_id: applicationId,
        kind,
        original_name: name,
        content_type: detected.mime,
        size_bytes: bytes.byteLength,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        storage_key: storageKey,
        uploaded_by: user.id,
      })
      .execute()
    await trx.updateTable('applications').set({ version: sql`version + 1`, updated_at: now() }).where('id', '=', applicationId).execute()
    return { ok: true as const, id }
  }).catch(async (error: unknown) => {
    await services.storage.remove(storageKey).catch(() => {})
    if (isStorageUnavailable(error)) {
      logger.error({ err: error }, 'pièce jointe non enregistrée : stockage injoignable')
      return { ok: false as const, status: 503 as const, message: 'Le stockage des fichiers est momentanément indisponible : votre fichier n’a pas été ajouté. Réessayez dans quelques instants.' }
    }
    throw error
  })
  return result
}

export async function removeAttachment(
  services: AcceleratorServices,
  user: SessionUser,
  applicationId: string,
  fileId: string,
): Promise<{ ok: true } | AttachmentError> {
  if (!isUuid(fileId)) return { ok: false, status: 404, message: 'Ce fichier est introuvable.' }
  const removed = await services.db.transaction().execute(async (trx) => {
    const application = await trx.selectFrom('applications').select(['id', 'call_id', 'state']).where('id', '=', applicationId).forUpdate().executeTakeFirst()
    if (!application || !(await isActiveMember(trx, user.id, applicationId))) return { ok: false as const, status: 404 as const, message: 'Cette candidature est introuvable.' }
    const edit = editability(application, await callOf(trx, application.call_id), now())
    if (!edit.editable) return { ok: false as const, status: 409 as const, message: edit.reason }
    const row = await trx
      .deleteFrom('application_files')
      .where('id', '=', fileId)
      .where('application_id', '=', applicationId)
      .returning('storage_key')
      .executeTakeFirst()
    if (!row) return { ok: false as const, status: 404 as const, message: 'Ce fichier a déjà été supprimé.' }
    await trx.updateTable('applications').set({ version: sql`version + 1`, updated_at: now() }).where('id', '=', applicationId).execute()
    // Inside the transaction: a storage that cannot be reached keeps the row (the person retries),
    // never a row gone with its file left behind.
    await services.storage.remove(row.storage_key)
    return { ok: true as const }
  }).catch((error: unknown) => {
    if (!isStorageUnavailable(error)) throw error
    logger.error({ err: error }, 'pièce jointe non supprimée : stockage injoignable')
    return { ok: false as const, status: 503 as const, message: 'Le stockage des fichiers est momentanément indisponible : le fichier n’a pas été supprimé. Réessayez dans quelques instants.' }
  })
  if (!removed.ok) return removed
  return { ok: true }
}

/**
 * A file, for someone allowed to read it: a leader of the application, or the programme team /
 * a reviewer of the call once the application is submitted. Anyone else: null (a 404).
 */
export async function readableAttachment(db: Db, user: SessionUser, fileId: string, canInstruct: (callId: string) => boolean) {
  if (!isUuid(fileId)) return null
  const row = await db
    .selectFrom('application_files as f')
    .innerJoin('applications as a', 'a.id', 'f.application_id')
    .select(['f.id', 'f.original_name', 'f.content_type', 'f.size_bytes', 'f.storage_key', 'a.id as application_id', 'a.call_id', 'a.state'])
    .where('f.id', '=', fileId)
    .executeTakeFirst()
  if (!row) return null
  if (await isActiveMember(db, user.id, row.application_id)) return row
  if (row.state !== 'brouillon' && canInstruct(row.call_id)) return row
  return null
}

// ---------------------------------------------------------------------------------------------
// Co-leaders

export async function listMembers(db: Db, applicationId: string) {
  return db
    .selectFrom('application_members as m')
    .innerJoin('users', 'users.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.created_at', 'users.email', 'users.display_name'])
    .where('m.application_id', '=', applicationId)
    .where('m.removed_at', 'is', null)
    .orderBy('m.created_at')
    .execute()
}

export async function listPendingCoLeaderInvitations(db: Db, applicationId: string) {
  return db
    .selectFrom('application_invitations')
    .select(['id', 'email', 'invited_by', 'expires_at', 'created_at'])
    .where('application_id', '=', applicationId)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now())
    .orderBy('created_at')
    .execute()
}

export type InviteCoLeaderResult = { ok: true } | { ok: false; message: string }

/** A leader invites another person, by e-mail, to write the application with them. */
export async function inviteCoLeader(
  services: AcceleratorServices,
  user: SessionUser,
  applicationId: string,
  rawEmail: string,
): Promise<InviteCoLeaderResult> {
  const email = normaliseEmail(rawEmail)
  if (email === normaliseEmail(user.email)) return { ok: false, message: 'Vous faites déjà partie de cette candidature : saisissez l’adresse d’une autre personne.' }
  const token = randomToken(32)
  return services.db.transaction().execute(async (trx) => {
    const application = await trx
      .selectFrom('applications')
      .innerJoin('calls', 'calls.id', 'applications.call_id')
      .select(['applications.id', 'applications.answers', 'applications.state', 'calls.title as call_title'])
      .where('applications.id', '=', applicationId)
      .forUpdate(['applications'])
      .executeTakeFirst()
    if (!application || !(await isActiveMember(trx, user.id, applicationId))) return { ok: false as const, message: 'Cette candidature est introuvable.' }
    const members = await listMembers(trx, applicationId)
    if (members.some((member) => normaliseEmail(member.email) === email)) return { ok: false as const, message: 'Cette personne fait déjà partie de la candidature.' }
    const pending = await listPendingCoLeaderInvitations(trx, applicationId)
    if (pending.some((invitation) => invitation.email === email)) return { ok: false as const, message: 'Une invitation est déjà en attente pour cette adresse.' }
    if (members.length + pending.length >= MAX_MEMBERS) {
      return { ok: false as const, message: `Une candidature réunit ${MAX_MEMBERS} personnes au plus, invitations en attente comprises.` }
    }
    const row = await trx
      .insertInto('application_invitations')
      .values({
        application_id: applicationId,
        email,
        token_hash: sha256(token),
        invited_by: user.id,
        expires_at: new Date(now().getTime() + CO_LEADER_INVITATION_DAYS * 24 * 3600 * 1000),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, { actorId: user.id, action: 'application.co_leader_invited', subjectType: 'application', subjectId: applicationId, data: { email, invitationId: row.id } })
    await queueEmail(
      { db: trx, jobs: services.jobs },
      email,
      coLeaderInvitationEmail({
        inviterName: user.displayName ?? user.email,
        projectTitle: projectTitle(application.answers as Answers),
        callTitle: application.call_title,
        link: `${services.appUrl}/mes-candidatures/rejoindre/${token}`,
        days: CO_LEADER_INVITATION_DAYS,
      }),
    )
    return { ok: true as const }
  })
}

export async function findCoLeaderInvitation(db: Db, token: string) {
  const row = await db
    .selectFrom('application_invitations as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('calls', 'calls.id', 'a.call_id')
    .leftJoin('users as inviter', 'inviter.id', 'i.invited_by')
    .select([
      'i.id',
      'i.application_id',
      'i.email',
      'i.expires_at',
      'i.accepted_at',
      'i.revoked_at',
      'a.answers',
      'calls.title as call_title',
      'inviter.display_name as inviter_name',
      'inviter.email as inviter_email',
    ])
    .where('i.token_hash', '=', sha256(token))
    .executeTakeFirst()
  if (!row) return { status: 'unknown' as const, invitation: null }
  const status = row.revoked_at ? ('revoked' as const) : row.accepted_at ? ('accepted' as const) : row.expires_at <= now() ? ('expired' as const) : ('pending' as const)
  return { status, invitation: row }
}

/** Accepts a co-leader invitation with the invited address only (a forwarded link does not work). */
export async function acceptCoLeaderInvitation(
  db: Db,
  user: SessionUser,
  token: string,
): Promise<{ ok: true; applicationId: string } | { ok: false; reason: 'unknown' | 'revoked' | 'accepted' | 'expired' | 'wrong-account' }> {
  return db.transaction().execute(async (trx) => {
    const { status, invitation } = await findCoLeaderInvitation(trx, token)
    if (!invitation || status !== 'pending') return { ok: false as const, reason: status === 'pending' ? ('unknown' as const) : status }
    if (normaliseEmail(invitation.email) !== normaliseEmail(user.email)) return { ok: false as const, reason: 'wrong-account' as const }
    const updated = await trx
      .updateTable('application_invitations')
      .set({ accepted_at: now(), accepted_by: user.id })
      .where('id', '=', invitation.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) return { ok: false as const, reason: 'accepted' as const }
    await trx
      .insertInto('application_members')
      .values({ application_id: invitation.application_id, user_id: user.id, role: 'co_leader', added_by: user.id })
      .onConflict((oc) => oc.columns(['application_id', 'user_id']).doUpdateSet({ removed_at: null, role: 'co_leader', part_done_at: null }))
      .execute()
    await audit(trx, {
      actorId: user.id,
      action: 'application.co_leader_joined',
      subjectType: 'application',
      subjectId: invitation.application_id,
      data: { invitationId: invitation.id },
    })
    return { ok: true as const, applicationId: invitation.application_id }
  })
}

/**
 * Removes a co-leader. The leader who created the application can remove anyone else; a
 * co-leader can only leave. The person loses access at once, even in the middle of an edit.
 */
export async function removeMember(
  db: Db,
  actor: SessionUser,
  applicationId: string,
  userId: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  if (!isUuid(userId)) return { ok: false, message: 'Cette personne ne fait pas partie de la candidature.' }
  return db.transaction().execute(async (trx) => {
    const members = await trx
      .selectFrom('application_members')
      .select(['user_id', 'role'])
      .where('application_id', '=', applicationId)
      .where('removed_at', 'is', null)
      .forUpdate()
      .execute()
    const me = members.find((member) => member.user_id === actor.id)
    const target = members.find((member) => member.user_id === userId)
    if (!me) return { ok: false as const, message: 'Cette candidature est introuvable.' }
    if (!target) return { ok: false as const, message: 'Cette personne ne fait déjà plus partie de la candidature.' }
    if (target.role === 'leader' && actor.id === userId) {
      return { ok: false as const, message: 'Vous êtes responsable de la candidature : pour la quitter, confiez-la d’abord à un co-porteur.' }
    }
    if (target.role === 'leader') return { ok: false as const, message: 'La personne responsable de la candidature ne peut pas en être retirée.' }
    if (me.role !== 'leader' && actor.id !== userId) return { ok: false as const, message: 'Seule la personne responsable de la candidature peut retirer un co-porteur.' }
    await trx
      .updateTable('application_members')
      .set({ removed_at: now(), part_done_at: null })
      .where('application_id', '=', applicationId)
      .where('user_id', '=', userId)
      .execute()
    await audit(trx, {
      actorId: actor.id,
      action: actor.id === userId ? 'application.co_leader_left' : 'application.co_leader_removed',
      subjectType: 'application',
      subjectId: applicationId,
      data: { userId },
    })
    return { ok: true as const }
  })
}

/**
 * Cancels a pending co-leader invitation: its link stops working at once. The owner may cancel any
 * of them, a co-leader the ones they sent. An invitation already accepted, cancelled or expired is
 * refused with what happened to it.
 */
export async function revokeCoLeaderInvitation(
  db: Db,
  actor: SessionUser,
  applicationId: string,
  invitationId: string,
): Promise<{ ok: true } | { ok: false; status: 400 | 404 | 409; message: string }> {
  const unknown = { ok: false as const, status: 404 as const, message: 'Cette invitation est introuvable.' }
  if (!isUuid(invitationId)) return unknown
  return db.transaction().execute(async (trx) => {
    const me = await trx
      .selectFrom('application_members')
      .select('role')
      .where('application_id', '=', applicationId)
      .where('user_id', '=', actor.id)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (!me) return { ok: false as const, status: 404 as const, message: 'Cette candidature est introuvable.' }
    const invitation = await trx
      .selectFrom('application_invitations')
      .select(['id', 'invited_by', 'accepted_at', 'revoked_at', 'expires_at'])
      .where('id', '=', invitationId)
      .where('application_id', '=', applicationId)
      .forUpdate()
      .executeTakeFirst()
    if (!invitation) return unknown
    if (invitation.accepted_at) {
      return {
        ok: false as const,
        status: 409 as const,
        message: 'Cette invitation a déjà été acceptée : la personne fait partie de la candidature. Pour lui retirer l’accès, retirez-la des co-porteurs.',
      }
    }
    if (invitation.revoked_at) return { ok: false as const, status: 409 as const, message: 'Cette invitation est déjà annulée.' }
    if (invitation.expires_at <= now()) return { ok: false as const, status: 409 as const, message: 'Cette invitation a expiré : son lien ne fonctionne déjà plus.' }
    if (me.role !== 'leader' && invitation.invited_by !== actor.id) {
      return { ok: false as const, status: 400 as const, message: 'Seule la personne responsable de la candidature, ou celle qui l’a envoyée, peut annuler cette invitation.' }
    }
    await trx.updateTable('application_invitations').set({ revoked_at: now() }).where('id', '=', invitationId).execute()
    await audit(trx, { actorId: actor.id, action: 'application.co_leader_invitation_revoked', subjectType: 'application', subjectId: applicationId, data: { invitationId } })
    return { ok: true as const }
  })
}

/** Pending co-leader invitations addressed to this person (shown on their dashboard). */
export async function invitationsFor(db: Db, user: SessionUser) {
  return db
    .selectFrom('application_invitations as i')
    .innerJoin('applications as a', 'a.id', 'i.application_id')
    .innerJoin('calls', 'calls.id', 'a.call_id')
    .select(['i.id', projectTitleColumn('a').as('project_title'), 'calls.title as call_title', 'i.expires_at'])
    .where(sql`lower(i.email)`, '=', normaliseEmail(user.email))
    .where('i.accepted_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', now())
    .execute()
}

// ---------------------------------------------------------------------------------------------
// Timeline

/**
 * What happened to an application, oldest first. Leaders see the steps with who did them on
 * their side; the team's members are shown as « Équipe d’instruction ».
 */
export async function applicationTimeline(db: Db, applicationId: string, options: { forTeam: boolean }) {
  const rows = await db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .select(['audit_log.id', 'audit_log.action', 'audit_log.created_at', 'audit_log.actor_id', 'audit_log.actor_label', 'audit_log.data', 'users.display_name', 'users.email'])
    .where('audit_log.subject_type', '=', 'application')
    .where('audit_log.subject_id', '=', applicationId)
    .orderBy('audit_log.id')
    .limit(500)
    .execute()
  const members = new Set(
    (await db.selectFrom('application_members').select('user_id').where('application_id', '=', applicationId).execute()).map((m) => m.user_id),
  )
  const labels: Record<string, string> = options.forTeam
    ? {
        ...TIMELINE_LABELS,
        'application.eligibility_checked': 'Vérification de l’éligibilité',
        'application.note_added': 'Note interne ajoutée',
        'application.co_leader_invited': 'Co-porteur invité',
      }
    : TIMELINE_LABELS
  return rows
    .filter((row) => labels[row.action])
    .map((row) => {
      const isMember = row.actor_id ? members.has(row.actor_id) : false
      const who = !row.actor_id
        ? (row.actor_label ?? 'Système')
        : isMember || options.forTeam
          ? (row.display_name ?? row.email ?? 'Compte supprimé')
          : 'Équipe d’instruction'
      const motivation = typeof row.data?.motivation === 'string' ? row.data.motivation : null
      return { id: row.id, label: labels[row.action]!, at: row.created_at, who, motivation }
    })
}
