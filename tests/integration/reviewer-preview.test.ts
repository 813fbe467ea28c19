// « Ce que verront les jurys » (issue 20, decision 097): the leaders' preview sends the page
// exactly what the assigned juror's evaluation page sends, through the same function, and
// renders it with the same component. Runs on PGlite and on PostgreSQL.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DbHandle } from '#db/client.ts'
import type { AppServices } from '#app/context.server.ts'
import type { Answers } from '#app/accelerator/applications/application-form.ts'
import { reviewerAnswers } from '#app/accelerator/scoring/reviewer-view.ts'
import * as previewRoute from '#app/routes/mes-candidatures.$id.apercu-jurys.tsx'
import * as evaluationRoute from '#app/routes/evaluation.$callId.$applicationId.tsx'
import { contextFor, createTestServices, getRequest, sessionUser } from '#tests/helpers/context.ts'
import { createTestDb } from '#tests/helpers/db.ts'
import { buildWorld, type World } from '#tests/helpers/world.ts'

let handle: DbHandle
let services: AppServices
let world: World
beforeAll(async () => {
  handle = await createTestDb()
  services = await createTestServices(handle)
  world = await buildWorld(services)
})
afterAll(() => handle.close())

async function body(response: unknown): Promise<Record<string, unknown>> {
  return (await (response as Response).json()) as Record<string, unknown>
}

describe('« Ce que verront les jurys »', () => {
  it('les réponses envoyées à l’aperçu d’une porteuse sont celles de la page d’évaluation du juré affecté, sans les contacts', async () => {
    const applicationId = world.ids.scoringApplication!
    const callId = world.ids.evaluationCall!
    const row = await handle.db.selectFrom('applications').select(['owner_id', 'answers']).where('id', '=', applicationId).executeTakeFirstOrThrow()
    const owner = await contextFor(services, await sessionUser(services, row.owner_id))
    const preview = await body(await previewRoute.loader({ request: getRequest('/x'), params: { id: applicationId }, context: owner }))
    const reviewer = await contextFor(services, world.users.reviewer)
    const evaluation = await body(await evaluationRoute.loader({ request: getRequest('/x'), params: { callId, applicationId }, context: reviewer }))

    expect(preview.answers).toEqual(evaluation.answers)
    expect(preview.title).toBe(evaluation.title)
    expect(preview.reference).toBe(evaluation.reference)
    const answers = row.answers as Answers
    expect(answers.contacts).toBeDefined()
    expect(preview.answers).toEqual(JSON.parse(JSON.stringify(reviewerAnswers(answers))))
    expect(preview.answers).not.toHaveProperty('contacts')
    for (const value of Object.values(answers.contacts ?? {})) if (typeof value === 'string' && value.length > 3) expect(JSON.stringify(preview)).not.toContain(value)
    expect(preview.hidden).toEqual(['Deux contacts'])
  })

  it('les deux pages affichent les réponses avec le même composant', () => {
    // The evaluation page's view model is built by app/accelerator/scoring/review-page.server.ts.
    for (const files of [['app/routes/mes-candidatures.$id.apercu-jurys.tsx'], ['app/routes/evaluation.$callId.$applicationId.tsx', 'app/accelerator/scoring/review-page.server.ts']]) {
      const source = files.map((file) => readFileSync(file, 'utf8')).join('\n')
      expect(source, files[0]).toContain('<ReviewerApplication answers={data.answers}')
      expect(source, files[0]).toContain('reviewerAnswers(')
      expect(source, files[0]).not.toContain('<AnswersView')
    }
  })
})
