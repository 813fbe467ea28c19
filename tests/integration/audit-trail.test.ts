// The audit trail, walked end to end: a call from opening to published results, an application
// from submission to decision, a role granted and revoked, a feedback service created, an
// account deleted. Each decision and state change must leave one entry saying who and when.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import type { AcceleratorServices } from '#app/accelerator/access.server.ts'
import { submitApplication, transitionApplication } from '#app/accelerator/applications/application-state-machine.server.ts'
import { changeCallState } from '#app/accelerator/calls/calls.server.ts'
import { saveEligibility } from '#app/accelerator/instruction/instruction.server.ts'
import { ELIGIBILITY_CHECKS } from '#app/accelerator/limits.ts'
import { deleteAccount } from '#app/auth/account.server.ts'
import { acceptInvitation, inviteToRole, revokeRole } from '#app/auth/invitations.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import type { AppServices } from '#app/context.server.ts'
import { createApiKey, revokeApiKey } from '#app/experiences/api-keys.server.ts'
import { findPublicService, publishExperience, refuseExperience, tellExperience } from '#app/experiences/experiences.server.ts'
import { createService } from '#app/feedback/services.server.ts'
import { acceleratorTestServices, createApplicationRow, createCallRow, createUser, grant } from '#tests/helpers/accelerator.ts'
import { createTestServices, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb } from '#tests/helpers/db.ts'

let handle: DbHandle
let services: AppServices
let acc: AcceleratorServices
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
  acc = acceleratorTestServices(services)
})
afterAll(() => handle.close())

interface Expected {
  action: string
  actor: SessionUser | null
  subjectId: string
}

async function entriesFor(expected: Expected) {
  return handle.db
    .selectFrom('audit_log')
    .select(['actor_id', 'actor_label', 'created_at'])
    .where('action', '=', expected.action)
    .where('subject_id', '=', expected.subjectId)
    .execute()
}

describe('journal des actions', () => {
  it('chaque décision et chaque changement d’état du cycle est tracé une fois, avec son auteur et sa date', async () => {
    const started = new Date(Date.now() - 1000)
    const expected: Expected[] = []
    const user = async (email: string, role?: [string, string, string?]) => {
      const id = await createUser(handle.db, email)
      if (role) await grant(handle.db, id, ...role)
      return sessionUser(services, id)
    }
    const team = await user('equipe@exemple.gouv.fr', ['programme_team', 'global'])
    const leader = await user('porteuse@exemple.fr')

    // A call goes through each of its states by the team's hand.
    const callId = await createCallRow(handle.db, { state: 'ouvert' })
    const reviewer = await user('agent@exemple.gouv.fr', ['admin_reviewer', 'call', callId])
    const applicationId = await createApplicationRow(handle.db, { callId, ownerId: leader.id })

    // The application: submitted, instructed, corrected, resubmitted (back in instruction), its
    // eligibility checked, declared admissible, preselected, retained.
    expect((await submitApplication(acc, leader, applicationId)).ok).toBe(true)
    expected.push({ action: 'application.submitted', actor: leader, subjectId: applicationId })
    const steps: Array<[Parameters<typeof transitionApplication>[3], SessionUser, string]> = [
      ['start_instruction', reviewer, 'application.instruction_started'],
      ['request_correction', reviewer, 'application.correction_requested'],
      ['resubmit', leader, 'application.resubmitted'],
      ['declare_admissible', reviewer, 'application.declared_admissible'],
      ['preselect', reviewer, 'application.preselected'],
      ['retain', team, 'application.retained'],
    ]
    for (const [name, actor, action] of steps) {
      if (name === 'declare_admissible') {
        await saveEligibility(handle.db, reviewer, applicationId, Object.fromEntries(ELIGIBILITY_CHECKS.map((c) => [c.key, 'yes' as const])))
        expected.push({ action: 'application.eligibility_checked', actor: reviewer, subjectId: applicationId })
      }
      const result = await transitionApplication(acc, actor, applicationId, name, {
        motivation: 'Motif écrit pour le journal.',
        fields: name === 'request_correction' ? [{ section: 'project', field: 'summary' }] : [],
      })
      expect(result, name).toMatchObject({ ok: true })
      if (!expected.some((e) => e.action === action)) expected.push({ action, actor, subjectId: applicationId })
    }

    for (const [transition, action] of [
      ['close', 'call.closed'],
      ['start_evaluation', 'call.evaluation_started'],
      ['start_deliberation', 'call.deliberation_started'],
    ] as const) {
      expect(await changeCallState(handle.db, team, callId, transition), transition).toMatchObject({ ok: true })
      expected.push({ action, actor: team, subjectId: callId })
    }

    // Roles: an invitation, its acceptance (the role granted), then the role revoked.
    const invited = await inviteToRole(acc, team, { email: 'nouvel.agent@exemple.gouv.fr', role: 'admin_reviewer', scopeId: callId })
    if (!invited.ok) throw new Error(invited.error)
    expected.push({ action: 'invitation.created', actor: team, subjectId: invited.invitationId })
    const token = (await handle.db.selectFrom('email_outbox').select('text').where('to_address', '=', 'nouvel.agent@exemple.gouv.fr').executeTakeFirstOrThrow()).text.match(/invitations\/([\w-]+)/)![1]!
    const agent = await user('nouvel.agent@exemple.gouv.fr')
    expect(await acceptInvitation(handle.db, agent, token)).toMatchObject({ ok: true })
    expected.push({ action: 'role.granted', actor: agent, subjectId: agent.id })
    const assignment = await handle.db.selectFrom('role_assignments').select('id').where('user_id', '=', agent.id).executeTakeFirstOrThrow()
    expect(await revokeRole(handle.db, team, assignment.id)).toBe(true)
    expected.push({ action: 'role.revoked', actor: team, subjectId: agent.id })

    // Feedback: a service team creates a service.
    const organisation = await handle.db.insertInto('organisations').values({ slug: 'interieur', name: 'Ministère de l’Intérieur' }).returning('id').executeTakeFirstOrThrow()
    const serviceAgent = await user('service@exemple.gouv.fr', ['service_team', 'organisation', organisation.id])
    const service = await createService(handle.db, serviceAgent, { organisationId: organisation.id, name: 'Demande de passeport' })
    if (!service.ok) throw new Error('service')
    expected.push({ action: 'feedback.service.created', actor: serviceAgent, subjectId: service.serviceId })

    // Services Publics+: two experiences told, one published after moderation, one refused;
    // an API key created then revoked.
    const publicService = (await findPublicService(handle.db, service.serviceId))!
    const told = []
    for (const title of ['Rendez-vous obtenu rapidement', 'Un message sans rapport']) {
      const result = await tellExperience(
        handle.db,
        publicService,
        { title, body: 'J’ai pris rendez-vous en ligne et tout s’est bien passé au guichet, merci.', happenedOn: null, channel: 'online', feeling: 'positive', authorName: null, authorEmail: null },
        `ip-${title}`,
      )
      if (!result.ok) throw new Error('experience')
      told.push(result.id)
      expected.push({ action: 'experience.submitted', actor: null, subjectId: result.id })
    }
    expect(await publishExperience(acc, serviceAgent, service.serviceId, told[0]!, { erase: [], extra: [] })).toMatchObject({ kind: 'published' })
    expected.push({ action: 'experience.published', actor: serviceAgent, subjectId: told[0]! })
    expect((await refuseExperience(acc, serviceAgent, service.serviceId, told[1]!, 'off_topic')).kind).not.toBe('notfound')
    expected.push({ action: 'experience.refused', actor: serviceAgent, subjectId: told[1]! })
    const key = await createApiKey(handle.db, serviceAgent, organisation.id, 'Tableau de bord régional')
    expected.push({ action: 'api-key.created', actor: serviceAgent, subjectId: key.id })
    expect(await revokeApiKey(handle.db, serviceAgent, organisation.id, key.id)).toBe(true)
    expected.push({ action: 'api-key.revoked', actor: serviceAgent, subjectId: key.id })

    // An account deleted by its owner.
    const leaving = await user('depart@exemple.fr')
    await deleteAccount(handle.db, leaving)
    expected.push({ action: 'user.deleted', actor: leaving, subjectId: leaving.id })

    for (const item of expected) {
      const entries = await entriesFor(item)
      expect(entries, item.action).toHaveLength(1)
      for (const entry of entries) {
        expect(entry.actor_id, item.action).toBe(item.actor?.id ?? null)
        expect(entry.created_at.getTime(), item.action).toBeGreaterThanOrEqual(started.getTime())
      }
    }
    // Nothing anonymous: every entry names a person or says which automatic process acted.
    const anonymous = await handle.db.selectFrom('audit_log').select('action').where('actor_id', 'is', null).where('actor_label', 'is', null).execute()
    expect(anonymous.map((row) => row.action)).toEqual([])
  })
})
