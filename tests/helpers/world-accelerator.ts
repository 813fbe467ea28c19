import type { AppServices } from '#app/context.server.ts'
import { storageFor } from '#app/utils/file-storage.server.ts'

/**
 * The accelerator's part of the test world: the leader's draft (with a co-leader), a submitted
 * application of theirs, another leader's draft, an attachment, and a panelist of another call.
 */
export async function acceleratorWorld(services: AppServices, world: { userIds: Record<string, string>; ids: Record<string, string> }) {
  const { db } = services
  const { userIds, ids } = world
  const openCall = await db.selectFrom('calls').select(['id', 'slug']).where('state', '=', 'ouvert').orderBy('opens_at', 'desc').executeTakeFirstOrThrow()
  const evaluationCall = await db.selectFrom('calls').select(['id', 'slug']).where('state', '=', 'en_evaluation').executeTakeFirstOrThrow()
  ids.openCall = openCall.id
  ids.openCallSlug = openCall.slug
  ids.evaluationCall = evaluationCall.id

  const draft = await db
    .selectFrom('applications')
    .select('id')
    .where('call_id', '=', openCall.id)
    .where('owner_id', '=', userIds.leader!)
    .executeTakeFirstOrThrow()
  ids.leaderApplication = draft.id
  await db.insertInto('application_members').values({ application_id: draft.id, user_id: userIds.coLeader!, role: 'co_leader', added_by: userIds.leader! }).execute()

  const submitted = await db
    .insertInto('applications')
    .values({
      call_id: evaluationCall.id,
      owner_id: userIds.leader!,
      state: 'en_instruction',
      reference: 'AIC-2025-99999',
      answers: { project: { title: 'Projet soumis du porteur' } },
      submitted_at: new Date(),
      last_submitted_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  ids.leaderSubmittedApplication = submitted.id
  await db
    .insertInto('application_members')
    .values([
      { application_id: submitted.id, user_id: userIds.leader!, role: 'leader', added_by: null },
      { application_id: submitted.id, user_id: userIds.coLeader!, role: 'co_leader', added_by: userIds.leader! },
    ])
    .execute()

  const other = await db
    .insertInto('applications')
    .values({ call_id: openCall.id, owner_id: userIds.otherLeader!, answers: { project: { title: 'Projet d’un autre porteur' } } })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('application_members').values({ application_id: other.id, user_id: userIds.otherLeader!, role: 'leader', added_by: null }).execute()
  ids.otherApplication = other.id

  const bytes = Buffer.from('%PDF-1.4\n% pièce jointe de test\n')
  const key = `test/${submitted.id}/statuts`
  await storageFor(services.env.UPLOADS_DIR).put(key, bytes)
  const file = await db
    .insertInto('application_files')
    .values({
      application_id: submitted.id,
      kind: 'statutes',
      original_name: 'statuts.pdf',
      content_type: 'application/pdf',
      size_bytes: bytes.length,
      sha256: '0'.repeat(64),
      storage_key: key,
      uploaded_by: userIds.leader!,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  ids.leaderFile = file.id

  await db
    .insertInto('role_assignments')
    .values({ user_id: userIds.otherCallPanelist!, role: 'citizen_panelist', scope_type: 'call', scope_id: openCall.id, granted_by: null })
    .execute()
}
