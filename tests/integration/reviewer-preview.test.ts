// « Ce que verront les jurys » (issue 20, decision 097): the leaders' preview sends the page
// exactly what the assigned juror's evaluation page sends, through the same function, and
// renders it with the same component. Runs on PGlite and on PostgreSQL.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Answers } from '#app/accelerator/applications/application-form.ts'
import { reviewerAnswers } from '#app/accelerator/scoring/reviewer-view.ts'
import * as previewRoute from '#app/routes/mes-candidatures.$id.apercu-jurys.tsx'
import * as evaluationRoute from '#app/routes/evaluation.$callId.$applicationId.tsx'
import { sessionUser } from '#tests/helpers/context.ts'
import { useTestWorld } from '#tests/helpers/setup.ts'

const app = useTestWorld()

describe('« Ce que verront les jurys »', () => {
  it('les réponses envoyées à l’aperçu d’une porteuse sont celles de la page d’évaluation du juré affecté, sans les contacts', async () => {
    const applicationId = app.world.ids.scoringApplication!
    const callId = app.world.ids.evaluationCall!
    const row = await app.db.selectFrom('applications').select(['owner_id', 'answers']).where('id', '=', applicationId).executeTakeFirstOrThrow()
    const owner = await sessionUser(app.services, row.owner_id)
    const preview = (await app.call(previewRoute.loader, { user: owner, path: '/x', params: { id: applicationId } })).body as Record<string, unknown>
    const evaluation = (await app.call(evaluationRoute.loader, { user: app.world.users.reviewer, path: '/x', params: { callId, applicationId } })).body as Record<string, unknown>

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
