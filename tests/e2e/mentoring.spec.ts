import { expect, expectAccessible, latestEmail, runJob, setClock, signIn, test } from './fixtures.ts'

// The three-month mentoring, as the team, a mentor and a leader live it (issue 6). The demo seed
// has the 2024 call with seven retained projects: four in the running « Promotion 2024 », three
// left for the cohort this journey creates.
const DAY = 24 * 3600 * 1000
const PROJECT = 'Repérer le logement indigne'
const LEADER = 'helene.faure@exemple.fr'

function isoDay(offsetDays = 0) {
  return new Date(Date.now() + offsetDays * DAY).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' })
}

test('de la cohorte au rapport final : mentor, comité, alerte, page publique', async ({ browser }) => {
  test.setTimeout(240_000)
  const team = await (await browser.newContext()).newPage()
  const mentor = await (await browser.newContext()).newPage()
  try {
    // The team creates a cohort from the retained projects of the 2024 call.
    await signIn(team, 'equipe@demo.aic.gouv.fr')
    await team.goto('/accompagnement')
    await expectAccessible(team)
    await team.getByRole('link', { name: 'Créer une cohorte' }).click()
    await expect(team.getByRole('heading', { level: 1, name: 'Créer une cohorte' })).toBeVisible()
    await team.getByLabel('Appel').selectOption({ label: 'Appel à projets 2024 (3 projets retenus)' })
    await team.getByLabel('Nom de la cohorte').fill('Promotion 2024 – printemps')
    await team.getByLabel('Début de l’accompagnement').fill(isoDay(0))
    await expectAccessible(team)
    await team.getByRole('button', { name: 'Créer la cohorte' }).click()
    await expect(team.getByRole('heading', { level: 1, name: 'Promotion 2024 – printemps' })).toBeVisible()
    await expect(team.getByText('La cohorte est créée.')).toBeVisible()
    const cohortUrl = new URL(team.url()).pathname
    await expect(team.getByRole('link', { name: PROJECT })).toBeVisible()
    await team.getByLabel(`Chargé·e d’accélération de « ${PROJECT} »`).selectOption({ label: 'Sofia Mentor' })
    await team.getByRole('button', { name: `Confier « ${PROJECT} »` }).click()
    await expect(team.getByText('Le projet est confié.')).toBeVisible()
    await expectAccessible(team)
    await team.screenshot({ path: 'test-results/mentoring-cohorte.png', fullPage: true })
    const projectUrl = await team.getByRole('link', { name: PROJECT }).getAttribute('href')
    const welcome = await latestEmail(team.request, LEADER, { subject: /entre en accompagnement/ })
    expect(welcome.text).toContain(`${projectUrl}`)

    // The mentor records the diagnosis, a need, an action, two check-ins and an introduction.
    await signIn(mentor, 'mentor@demo.aic.gouv.fr')
    await mentor.goto('/accompagnement')
    await mentor.getByRole('link', { name: 'Promotion 2024 – printemps' }).click()
    await mentor.getByRole('link', { name: PROJECT }).click()
    await expect(mentor.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible()
    await expectAccessible(mentor)
    await mentor.getByLabel('Forces du projet').fill('Une méthode de repérage éprouvée avec les travailleurs sociaux.')
    await mentor.getByLabel('Risques').fill('Dépendance à une seule mairie partenaire.')
    await mentor.getByLabel('À quoi ressemble une réussite dans trois mois ?').fill('Une convention avec la préfecture et un deuxième département.')
    await mentor.getByRole('button', { name: 'Enregistrer le diagnostic' }).click()
    await expect(mentor.getByRole('definition').filter({ hasText: 'Dépendance à une seule mairie partenaire.' })).toBeVisible()

    await mentor.getByText('Intégration', { exact: true }).click()
    await mentor.getByLabel('Description du besoin').fill('Rencontrer le pôle national de lutte contre l’habitat indigne.')
    await mentor.getByRole('button', { name: 'Ajouter le besoin' }).click()
    await expect(mentor.getByRole('cell', { name: 'Rencontrer le pôle national de lutte contre l’habitat indigne.', exact: true })).toBeVisible()

    await mentor.getByLabel('Action', { exact: true }).fill('Préparer une note de deux pages pour le pôle national')
    await mentor.getByLabel('Besoin lié (facultatif)').selectOption({ index: 1 })
    await mentor.getByText('Porteur du projet', { exact: true }).click()
    await mentor.getByLabel('Échéance').fill(isoDay(10))
    await mentor.getByRole('button', { name: 'Ajouter l’action' }).click()
    await expect(mentor.getByRole('cell', { name: /^Préparer une note de deux pages/ })).toBeVisible()

    for (const [notes, health, minutes] of [
      ['Premier point : diagnostic partagé et calendrier.', 'En bonne voie', '90'],
      ['Deuxième point : la note avance, rendez-vous à caler.', 'À risque', '45'],
    ] as const) {
      const form = mentor.locator('form', { has: mentor.getByRole('button', { name: 'Enregistrer le point d’étape' }) })
      await form.getByLabel('Participants').fill('Hélène Faure, Sofia Mentor')
      await form.getByLabel('Compte rendu').fill(notes)
      await form.getByLabel('Notes privées (facultatif)').fill(health === 'À risque' ? 'Porteuse très sollicitée, à ménager.' : '')
      await form.getByLabel('Temps passé (en minutes)').fill(minutes)
      await form.getByText(health, { exact: true }).click()
      await form.getByRole('button', { name: 'Enregistrer le point d’étape' }).click()
      await expect(mentor.getByText(notes)).toBeVisible()
    }
    await expect(mentor.getByText('2 points d’étape, 2,3 h d’accompagnement.')).toBeVisible()

    await mentor.getByLabel('Administration ou structure').fill('Pôle national de lutte contre l’habitat indigne')
    await mentor.getByLabel('Pourquoi').fill('Faire connaître la méthode et viser une convention.')
    await mentor.getByRole('button', { name: 'Ajouter la mise en relation' }).click()
    await expect(mentor.getByText(/^1 mise en relation/)).toBeVisible()
    await expectAccessible(mentor)
    await mentor.screenshot({ path: 'test-results/mentoring-projet.png', fullPage: true })

    // The team plans a comité d'accélération and decides a first tranche.
    await team.goto(`${cohortUrl}/comites`)
    await team.getByText('Comité d’accélération', { exact: true }).click()
    await team.getByLabel('Date').fill(isoDay(1))
    await team.getByLabel('Membres').fill('DITP – direction du programme\nDINUM')
    await expectAccessible(team)
    await team.getByRole('button', { name: 'Prévoir le comité' }).click()
    await expect(team.getByRole('heading', { level: 1, name: /Comité d’accélération du/ })).toBeVisible()
    const item = team.locator('section', { has: team.getByRole('heading', { name: PROJECT }) })
    await item.getByText('Favorable', { exact: true }).click()
    await item.getByLabel('Montant de la tranche, en euros').fill('-5')
    await item.getByLabel('Motivation').fill('Plan de trois mois crédible.')
    await item.getByRole('button', { name: 'Enregistrer la décision' }).click()
    await expect(team.getByText('Saisissez un montant en euros, sans centimes, par exemple 80 000.')).toBeVisible()
    const again = team.locator('section', { has: team.getByRole('heading', { name: PROJECT }) })
    await again.getByLabel('Montant de la tranche, en euros').fill('80 000')
    await again.getByRole('button', { name: 'Enregistrer la décision' }).click()
    await expect(team.getByText('Financement décidé : 80 000 €')).toBeVisible()
    await expectAccessible(team)
    const decision = await latestEmail(team.request, LEADER, { subject: /Comité d’accélération/ })
    expect(decision.text).toMatch(/favorable, avec une tranche de financement de 80\s000\s€/)

    // Three weeks without a check-in: the daily job alerts the mentor (time moved, not waited for).
    await setClock(team.request, 25 * DAY)
    await runJob(team.request, 'mentoring.alerts')
    const digest = await latestEmail(team.request, 'mentor@demo.aic.gouv.fr', { subject: /alerte/ })
    expect(digest.text).toContain(PROJECT)
    await setClock(team.request, 0)
    // Sessions idle for 25 days have expired meanwhile: both sign in again. The alert stays on the
    // cohort view until the condition is gone.
    await signIn(mentor, 'mentor@demo.aic.gouv.fr')
    await signIn(team, 'equipe@demo.aic.gouv.fr')
    await mentor.goto(`${cohortUrl}?alertes=1`)
    await expect(mentor.getByRole('row', { name: new RegExp(PROJECT) })).toContainText('Aucun point d’étape depuis')

    // The final report: drafted from the record, saved by the mentor, validated by the team.
    await mentor.goto(`${projectUrl}/rapport`)
    await expect(mentor.getByRole('heading', { level: 1, name: `Rapport final – ${PROJECT}` })).toBeVisible()
    await expect(mentor.getByRole('article')).toContainText('Points d’étape : 2')
    await mentor.getByRole('button', { name: 'Enregistrer le rapport' }).click()
    await expect(mentor.getByText('C’est enregistré.')).toBeVisible()
    await expectAccessible(mentor)
    await team.goto(`${projectUrl}/rapport`)
    await team.getByRole('button', { name: 'Valider le rapport' }).click()
    await expect(team.getByText(/Validé le/)).toBeVisible()

    // The team publishes the outcomes page; anyone can read it.
    await team.goto(cohortUrl)
    await team.getByRole('button', { name: 'Publier la page des résultats' }).click()
    await expect(team.getByRole('status')).toHaveText('La page publique des résultats est en ligne.')
    const visitor = await (await browser.newContext()).newPage()
    await visitor.goto(`${cohortUrl.replace('/accompagnement/cohortes/', '/cohortes/')}/resultats`)
    await expect(visitor.getByRole('heading', { level: 1, name: 'Résultats – Promotion 2024 – printemps' })).toBeVisible()
    await expect(visitor.getByRole('heading', { name: /^80\s000\s€ de financement$/ })).toBeVisible()
    await expect(visitor.getByRole('heading', { name: '1 mises en relation' })).toBeVisible()
    await expectAccessible(visitor)

    // The leader sees their page without the mentor's private notes, and cannot open another project.
    const leader = await (await browser.newContext()).newPage()
    await signIn(leader, LEADER)
    await leader.goto('/accompagnement')
    await leader.getByRole('link', { name: PROJECT }).click()
    await expect(leader.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible()
    await expect(leader.getByText('Deuxième point : la note avance, rendez-vous à caler.')).toBeVisible()
    await expect(leader.getByText('Porteuse très sollicitée')).toHaveCount(0)
    await expect(leader.getByRole('button', { name: 'Ajouter le besoin' })).toHaveCount(0)
    await expectAccessible(leader)
    await team.goto(cohortUrl)
    const otherProject = await team.getByRole('link', { name: 'Eau potable pour les quartiers non raccordés' }).getAttribute('href')
    const response = await leader.goto(otherProject!)
    expect(response?.status()).toBe(404)
  } finally {
    await setClock(team.request, 0)
  }
})

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('un point d’étape s’enregistre par le formulaire ; une date hors cohorte est signalée à côté du champ', async ({ page }) => {
    await signIn(page, 'mentor@demo.aic.gouv.fr')
    await page.goto('/accompagnement')
    await page.getByRole('link', { name: 'Promotion 2024', exact: true }).click()
    await page.getByRole('link', { name: 'Fabrique numérique de territoire' }).click()
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Enregistrer le point d’étape' }) })
    await form.getByLabel('Date').fill('2020-01-01')
    await form.getByLabel('Participants').fill('Équipe du projet, Sofia Mentor')
    await form.getByLabel('Compte rendu').fill('Point sans JavaScript : la démonstration est prête.')
    await form.getByText('En bonne voie', { exact: true }).click()
    await form.getByRole('button', { name: 'Enregistrer le point d’étape' }).click()
    const again = page.locator('form', { has: page.getByRole('button', { name: 'Enregistrer le point d’étape' }) })
    await expect(again.getByText('Cette date est en dehors de la période de la cohorte.')).toBeVisible()
    await expect(again.getByLabel('Compte rendu')).toHaveValue('Point sans JavaScript : la démonstration est prête.')
    await again.getByLabel('Date').fill(isoDay(0))
    await again.getByRole('button', { name: 'Enregistrer le point d’étape' }).click()
    await expect(page.getByText('Point sans JavaScript : la démonstration est prête.').first()).toBeVisible()
    await expect(page.getByText('C’est enregistré.')).toBeVisible()
  })
})
