import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { decisionPackJourney } from './decision-pack.ts'
import { expect, expectAccessible, latestEmail, signIn, test, tabTo } from './fixtures.ts'

test.use({ actionTimeout: 15_000 })

const TEAM = 'equipe@demo.aic.gouv.fr'
const CITIZEN = 'citoyenne@demo.aic.gouv.fr'
const REVIEWER = 'instructeur@demo.aic.gouv.fr'
const SHOTS = 'test-results/scoring'

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false })
}

test('sélection conjointe : charte, conflit, affectation, évaluations des deux jurys, délibération, décisions, publication, e-mail et page publique', async ({
  browser,
}) => {
  test.setTimeout(300_000)

  // ── The team runs the automatic assignment on the call in evaluation.
  const teamContext = await browser.newContext()
  const team = await teamContext.newPage()
  const callId = await test.step('L’équipe enregistre la répartition automatique des évaluations', async () => {
    await signIn(team, TEAM)
    await team.goto('/equipe/appels')
    await team.getByRole('link', { name: 'Appel à projets, 2e édition' }).first().click()
    await expect(team.getByRole('heading', { level: 1, name: 'Appel à projets, 2e édition' })).toBeVisible()
    const callId = new URL(team.url()).pathname.split('/').pop()!
    await team.getByRole('link', { name: 'Affectation des évaluations' }).click()
    await expect(team.getByRole('heading', { level: 1, name: 'Affectation des évaluations' })).toBeVisible()
    await expect(team.getByText('Aucune répartition enregistrée pour le moment.')).toBeVisible()
    await expect(team.getByRole('table', { name: /Matrice proposée/ })).toBeVisible()
    await expectAccessible(team)
    await shot(team, 'affectation')
    await team.getByRole('button', { name: 'Enregistrer cette répartition' }).click()
    await expect(team.getByText('La répartition est enregistrée')).toBeVisible()
    await expect(team.getByText(/La répartition enregistrée \(\d+ évaluations\) est celle ci-dessous/)).toBeVisible()
    return callId
  })

  // ── A citizen: the charter first, then a conflict, then a majority-judgment mention (posted without JavaScript).
  const citizenContext = await browser.newContext()
  const citizen = await citizenContext.newPage()
  const { conflictPath, citizenApplication } = await test.step('La citoyenne accepte la charte, signale un conflit, puis envoie une mention sans JavaScript', async () => {
    await signIn(citizen, CITIZEN)
    await citizen.goto('/panel')
    await citizen.getByRole('link', { name: 'Appel à projets, 2e édition' }).click()
    await expect(citizen.getByRole('heading', { name: 'Charte du panel citoyen' })).toBeVisible()
    await expect(citizen.getByRole('table')).toHaveCount(0)
    await expectAccessible(citizen)
    await citizen.getByRole('button', { name: 'Accepter la charte' }).click()
    await expect(citizen.getByText(/Cochez la case pour accepter la charte/)).toBeVisible()
    await citizen.getByLabel('J’ai lu la charte et je m’engage à la respecter').check({ force: true })
    await citizen.getByRole('button', { name: 'Accepter la charte' }).click()
    const progress = citizen.getByText(/^0 évaluation sur \d+$/)
    await expect(progress).toBeVisible()
    const total = Number((await progress.textContent())!.match(/sur (\d+)/)![1])
    expect(total).toBeGreaterThan(1)
    await expectAccessible(citizen)

    await citizen.getByRole('table', { name: 'Candidatures à évaluer' }).getByRole('link').first().click()
    await expect(citizen.getByRole('heading', { level: 1, name: /^Évaluer/ })).toBeVisible()
    const conflictPath = new URL(citizen.url()).pathname
    expect(conflictPath).toMatch(/^\/evaluation\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/)
    await citizen.getByLabel('Type de lien').selectOption('professional')
    await citizen.getByLabel('Expliquez en une phrase').fill('J’ai travaillé avec la présidente de cette association.')
    await citizen.getByRole('button', { name: 'Signaler le conflit et ne pas évaluer ce projet' }).click()
    await expect(citizen.getByText(`0 évaluation sur ${total - 1}`, { exact: true })).toBeVisible()
    expect((await citizen.goto(conflictPath))?.status()).toBe(404)

    await citizen.goto(`/evaluation/${callId}`)
    await citizen.getByRole('table', { name: 'Candidatures à évaluer' }).getByRole('link').first().click()
    await expect(citizen.getByRole('group', { name: /Votre mention pour ce projet/ })).toBeVisible()
    await expectAccessible(citizen)
    await shot(citizen, 'evaluation-citoyenne')
    const reviewPath = new URL(citizen.url()).pathname
    expect(reviewPath).not.toBe(conflictPath)
    const noScriptContext = await browser.newContext({ javaScriptEnabled: false, storageState: await citizenContext.storageState() })
    const noScript = await noScriptContext.newPage()
    await noScript.goto(reviewPath)
    // Sending without a mention: the message is next to the field, nothing is saved.
    await noScript.getByRole('button', { name: 'Envoyer mon évaluation' }).click()
    await expect(noScript.getByText('Choisissez une mention pour ce projet.')).toBeVisible()
    await noScript.getByLabel('Très bien', { exact: true }).check({ force: true })
    await noScript.getByLabel('Commentaire partagé avec le porteur (facultatif)').fill('Un projet très utile aux habitants, bravo.')
    await noScript.getByRole('button', { name: 'Envoyer mon évaluation' }).click()
    await expect(noScript.getByText(/Votre évaluation est envoyée/)).toBeVisible()
    await noScriptContext.close()
    await citizen.reload()
    await expect(citizen.getByText(/Votre évaluation est envoyée/)).toBeVisible()
    const citizenApplication = new URL(citizen.url()).pathname.split('/').pop()!
    await citizen.goto(`/evaluation/${callId}`)
    await expect(citizen.getByText(`1 évaluation sur ${total - 1}`, { exact: true })).toBeVisible()
    return { conflictPath, citizenApplication }
  })

  // ── The same citizen scores a second project with the keyboard only (focus visible, no trap).
  await test.step('La citoyenne évalue un second projet au clavier seul', async () => {
    const hrefs = await citizen
      .getByRole('table', { name: 'Candidatures à évaluer' })
      .getByRole('link')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href')!))
    const nextHref = hrefs.find((href) => !href.endsWith(citizenApplication) && href !== conflictPath)!
    await tabTo(citizen, citizen.locator(`a[href="${nextHref}"]`))
    await citizen.keyboard.press('Enter')
    const mentions = citizen.getByRole('group', { name: /Votre mention pour ce projet/ })
    await expect(mentions).toBeVisible()
    await tabTo(citizen, mentions.getByRole('radio').first())
    await citizen.keyboard.press('ArrowDown')
    await expect(mentions.getByRole('radio').nth(1)).toBeChecked()
    await tabTo(citizen, citizen.getByRole('button', { name: 'Envoyer mon évaluation' }))
    await citizen.keyboard.press('Enter')
    await expect(citizen.getByText(/Votre évaluation est envoyée/)).toBeVisible()
  })

  // ── An administration reviewer scores levels for each criterion (draft, then final).
  const reviewerContext = await browser.newContext()
  const reviewer = await reviewerContext.newPage()
  await test.step('L’instructeur note chaque critère : brouillon, puis envoi', async () => {
    await signIn(reviewer, REVIEWER)
    await reviewer.goto('/instruction')
    await reviewer.getByRole('link', { name: 'Mes évaluations pour cet appel' }).first().click()
    await expect(reviewer.getByRole('heading', { level: 1, name: 'Mes évaluations – Appel à projets, 2e édition' })).toBeVisible()
    await reviewer.getByRole('table', { name: 'Candidatures à évaluer' }).getByRole('link').first().click()
    await expect(reviewer.getByRole('heading', { level: 1, name: /^Évaluer/ })).toBeVisible()
    const levels = reviewer.getByRole('radio', { name: /^Niveau 4/ })
    const criteria = await levels.count()
    expect(criteria).toBeGreaterThan(1)
    await levels.first().check({ force: true })
    await reviewer.getByRole('button', { name: 'Enregistrer le brouillon' }).click()
    await expect(reviewer.getByText(/Brouillon enregistré/)).toBeVisible()
    for (let i = 0; i < criteria; i++)
      await reviewer
        .getByRole('radio', { name: /^Niveau 4/ })
        .nth(i)
        .check({ force: true })
    await reviewer.getByLabel('Êtes-vous sûr·e de votre évaluation ? (facultatif)').selectOption('3')
    await reviewer.getByLabel('Commentaire pour l’équipe du programme (facultatif)').fill('Budget réaliste, équipe solide.')
    await expectAccessible(reviewer)
    await reviewer.getByRole('button', { name: 'Envoyer mon évaluation' }).click()
    await expect(reviewer.getByText(/Votre évaluation est envoyée/)).toBeVisible()
    await expect(reviewer.getByRole('button', { name: 'Envoyer mon évaluation' })).toHaveCount(0)
  })

  // ── A leader names someone in conflict with their project (they never see who sits on the juries).
  await test.step('La porteuse signale une personne en conflit avec son projet', async () => {
    const leaderPage = await (await team.request.get(`/instruction/${callId}/${citizenApplication}`)).text()
    const leaderAddress = leaderPage.match(/[\w.-]+@exemple\.fr/)![0]
    const leaderContext = await browser.newContext()
    const leader = await leaderContext.newPage()
    await signIn(leader, leaderAddress)
    await leader.goto(`/mes-candidatures/${citizenApplication}/conflits`)
    await expect(leader.getByRole('heading', { level: 1, name: 'Conflits d’intérêts' })).toBeVisible()
    await leader.getByRole('button', { name: 'Signaler un conflit d’intérêts' }).click()
    await expect(leader.getByText('Indiquez au moins un nom.')).toBeVisible()
    await leader.getByLabel('Personnes ou organisations concernées').fill('Coopérative des Trois Vallées')
    await leader.getByLabel('Le lien avec votre projet').fill('Notre concurrent direct sur le même territoire.')
    await leader.getByRole('button', { name: 'Signaler un conflit d’intérêts' }).click()
    await expect(leader.getByText('Votre signalement est transmis à l’équipe du programme.')).toBeVisible()
    await expectAccessible(leader)
    await leaderContext.close()
  })

  // ── The team sees the conflict and the leader's report, closes the evaluation and deliberates.
  await test.step('L’équipe traite le signalement, clôt l’évaluation, délibère et décide pour chaque candidature', async () => {
    await team.goto(`/equipe/appels/${callId}/jurys`)
    await expect(team.getByRole('table', { name: 'Conflits d’intérêts déclarés' }).getByText('Lucie Citoyenne')).toBeVisible()
    await expect(team.getByRole('heading', { name: 'Signalements des porteurs (1)' })).toBeVisible()
    await expectAccessible(team)
    await team.getByLabel('Membre concerné').selectOption('aucun')
    await team.getByRole('button', { name: 'Traiter le signalement' }).click()
    await expect(team.getByText('Signalement traité.')).toBeVisible()
    await team.goto(`/equipe/appels/${callId}/deliberation`)
    await expect(team.getByRole('heading', { level: 1, name: 'Résultats et délibération' })).toBeVisible()
    await team.getByRole('button', { name: 'Clore l’évaluation et passer en délibération' }).click()
    await expect(team.getByText('L’appel est passé en délibération')).toBeVisible()
    const ranking = team.getByRole('table', { name: /Classement/ })
    await expect(ranking).toBeVisible()
    await expect(team.getByText(/un évaluateur sévère et un évaluateur généreux comptent ainsi de la même façon/).first()).toBeVisible()
    await expect(team.getByText(/Note combinée : /).first()).toBeVisible()
    await expect(ranking.getByText('Avis manquants').first()).toBeVisible()
    // Each reviewer's habits, folded under the explanation of the corrected scores.
    await team.getByText(/Habitudes de chaque évaluateur/).click()
    await expect(team.getByRole('table', { name: /Notes totales données par chaque évaluateur/ })).toBeVisible()
    await expectAccessible(team)
    await shot(team, 'deliberation')

    // Deciding without a motivation: refused, with the message next to the field.
    const firstSection = team.locator('section[id^="candidature-"]').first()
    await firstSection.getByLabel('Décision').selectOption('retenue')
    await firstSection.getByRole('button', { name: 'Enregistrer la décision' }).click()
    await expect(team.getByText('Écrivez la motivation : elle est envoyée aux porteurs du projet.').first()).toBeVisible()

    // One decision per application: the first three retained, the next two on the waiting list.
    const sections = team.locator('section[id^="candidature-"]')
    await expect(sections.first()).toBeVisible()
    const count = await sections.count()
    expect(count).toBeGreaterThanOrEqual(20)
    for (let i = 0; i < count; i++) {
      const section = team.locator('section[id^="candidature-"]').nth(i)
      const decision = i < 3 ? 'retenue' : i < 5 ? 'liste_attente' : 'non_retenue'
      await section.getByLabel('Décision').selectOption(decision)
      await section
        .getByLabel('Motivation (envoyée au porteur)')
        .fill(i < 3 ? 'Projet solide et utile, retenu par les deux jurys.' : 'Projet intéressant, moins avancé que les projets retenus.')
      await section.getByRole('button', { name: 'Enregistrer la décision' }).click()
      await expect(team.getByText('Décision enregistrée.')).toBeVisible()
    }
  })

  // ── Before publishing, the committee's decision pack: opinions, tally, printed to PDF (decision 100).
  await test.step('L’équipe prépare le dossier de décision et publie les résultats', async () => {
    await decisionPackJourney(team, callId, TEAM)
    await team.goto(`/equipe/appels/${callId}/deliberation`)
    await team.getByRole('button', { name: 'Publier les résultats' }).click()
    await expect(team.getByText(/Les résultats sont publiés : chaque porteur a reçu un e-mail/)).toBeVisible()
    await team.getByRole('button', { name: 'Publier les résultats' }).click()
    await expect(team.getByText(/Les résultats étaient déjà publiés/)).toBeVisible()
  })

  // ── The leader of the application the citizen reviewed receives the decision and the shared comment.
  await test.step('La porteuse reçoit la décision et le commentaire partagé par e-mail', async () => {
    const instruction = await team.request.get(`/instruction/${callId}/${citizenApplication}`)
    const leaderEmail = (await instruction.text()).match(/[\w.-]+@exemple\.fr/)![0]
    const mail = await latestEmail(team.request, leaderEmail, { subject: /Résultats de l’appel/ })
    expect(mail.text).toContain('Un projet très utile aux habitants, bravo.')
    expect(mail.text).toMatch(/Motif : Projet/)
  })

  // ── The public results page, without an account.
  const visitorContext = await browser.newContext()
  const visitor = await visitorContext.newPage()
  await test.step('Une visiteuse sans compte lit la page publique des résultats', async () => {
    await visitor.goto('/appels/edition-2')
    await visitor.getByRole('link', { name: 'Voir les résultats' }).click()
    await expect(visitor.getByRole('heading', { level: 1, name: 'Résultats – Appel à projets, 2e édition' })).toBeVisible()
    await expect(visitor.getByRole('heading', { name: 'Les projets retenus (3)' })).toBeVisible()
    await expect(visitor.getByText(/Panel citoyen : 5 citoyennes et citoyens/)).toBeVisible()
    await expect(visitor.getByText('Lucie Citoyenne')).toHaveCount(0)
    await expectAccessible(visitor)
    await shot(visitor, 'resultats-publics')
  })

  await Promise.all([teamContext.close(), citizenContext.close(), reviewerContext.close(), visitorContext.close()])
})
