import { expect, expectAccessible, latestEmail, runJob, setClock, signIn, test } from './fixtures.ts'

// The three-month mentoring, as the team, a mentor and a leader live it (issue 6). The demo seed
// has the first edition's call with seven retained projects: four in the running « Première promotion », three
// left for the cohort this journey creates.
const DAY = 24 * 3600 * 1000
const PROJECT = 'Repérer le logement indigne'
const LEADER = 'helene.faure@exemple.fr'
const REFERENT = 'referente.e2e@interieur.gouv.fr'

function isoDay(offsetDays = 0) {
  return new Date(Date.now() + offsetDays * DAY).toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' })
}

test('de la cohorte au rapport final : mentor, comité, alerte, page publique', async ({ browser }) => {
  test.setTimeout(240_000)
  const team = await (await browser.newContext()).newPage()
  const mentor = await (await browser.newContext()).newPage()
  try {
    // The team creates a cohort from the retained projects of the first edition's call.
    const { cohortUrl, projectUrl } = await test.step('L’équipe crée une cohorte et confie un projet à une chargée d’accélération', async () => {
      await signIn(team, 'equipe@demo.aic.gouv.fr')
      await team.goto('/accompagnement')
      await expectAccessible(team)
      await team.getByRole('link', { name: 'Créer une cohorte' }).click()
      await expect(team.getByRole('heading', { level: 1, name: 'Créer une cohorte' })).toBeVisible()
      await team.getByLabel('Appel').selectOption({ label: 'Appel à projets, 1re édition (3 projets retenus)' })
      await team.getByLabel('Nom de la cohorte').fill('Promotion du printemps')
      await team.getByLabel('Début de l’accompagnement').fill(isoDay(0))
      await expectAccessible(team)
      await team.getByRole('button', { name: 'Créer la cohorte' }).click()
      await expect(team.getByRole('heading', { level: 1, name: 'Promotion du printemps' })).toBeVisible()
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
      return { cohortUrl, projectUrl }
    })

    // The mentor records the diagnosis, a need, an action, two check-ins and an introduction.
    await test.step('La chargée d’accélération pose le diagnostic', async () => {
      await signIn(mentor, 'mentor@demo.aic.gouv.fr')
      await mentor.goto('/accompagnement')
      await mentor.getByRole('link', { name: 'Promotion du printemps' }).click()
      await mentor.getByRole('link', { name: PROJECT }).click()
      await expect(mentor.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible()
      await expectAccessible(mentor)
      await mentor.getByLabel('Forces du projet').fill('Une méthode de repérage éprouvée avec les travailleurs sociaux.')
      await mentor.getByLabel('Risques').fill('Dépendance à une seule mairie partenaire.')
      await mentor.getByLabel('À quoi ressemble une réussite dans trois mois ?').fill('Une convention avec la préfecture et un deuxième département.')
      await mentor.getByRole('button', { name: 'Enregistrer le diagnostic' }).click()
      await expect(mentor.getByRole('definition').filter({ hasText: 'Dépendance à une seule mairie partenaire.' })).toBeVisible()
    })

    await test.step('La chargée d’accélération ajoute un besoin, puis une action', async () => {
      await mentor.getByText('Intégration', { exact: true }).click()
      await mentor.getByLabel('Description du besoin').fill('Rencontrer le pôle national de lutte contre l’habitat indigne.')
      await mentor.getByRole('button', { name: 'Ajouter le besoin' }).click()
      // The cell also holds the need's « Modifier » link.
      await expect(mentor.getByRole('cell', { name: /^Rencontrer le pôle national de lutte contre l’habitat indigne\. Modifier le besoin/ })).toBeVisible()

      await mentor.getByLabel('Action', { exact: true }).fill('Préparer une note de deux pages pour le pôle national')
      await mentor.getByLabel('Besoin lié (facultatif)').selectOption({ index: 1 })
      await mentor.getByText('Porteur du projet', { exact: true }).click()
      await mentor.getByLabel('Échéance').fill(isoDay(10))
      await mentor.getByRole('button', { name: 'Ajouter l’action' }).click()
      await expect(mentor.getByRole('cell', { name: /^Préparer une note de deux pages/ })).toBeVisible()
    })

    // The mentor corrects the saved action (reached from the keyboard); the cohort rule still holds.
    await test.step('La chargée d’accélération corrige l’action depuis le clavier ; la règle de la cohorte tient', async () => {
      await mentor.getByRole('link', { name: 'Modifier l’action « Préparer une note de deux pages pour le pôle national »' }).focus()
      await mentor.keyboard.press('Enter')
      const edit = mentor.getByRole('form', { name: /^Modifier l’action/ })
      await expect(edit.getByLabel('Action', { exact: true })).toHaveValue('Préparer une note de deux pages pour le pôle national')
      await expect(edit.getByLabel('Porteur du projet')).toBeChecked()
      await expectAccessible(mentor)
      await mentor.screenshot({ path: 'test-results/mentoring-modifier-action.png', fullPage: true })
      await edit.getByLabel('Échéance').fill(isoDay(200))
      await edit.getByRole('button', { name: 'Enregistrer l’action' }).click()
      await expect(edit.getByText('L’échéance doit tomber pendant la cohorte.')).toBeVisible()
      await expectAccessible(mentor)
      await edit.getByLabel('Action', { exact: true }).fill('Préparer une note de deux pages pour le pôle national et la préfecture')
      await edit.getByLabel('Échéance').fill(isoDay(12))
      await edit.getByRole('button', { name: 'Enregistrer l’action' }).click()
      await expect(mentor.getByRole('cell', { name: /^Préparer une note de deux pages pour le pôle national et la préfecture/ })).toBeVisible()
      await expect(mentor.getByRole('form', { name: /^Modifier l’action/ })).toHaveCount(0)
    })

    await test.step('La chargée d’accélération enregistre deux points d’étape', async () => {
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
    })

    await test.step('La chargée d’accélération ajoute une mise en relation', async () => {
      await mentor.getByLabel('Administration ou structure').fill('Pôle national de lutte contre l’habitat indigne')
      await mentor.getByLabel('Pourquoi').fill('Faire connaître la méthode et viser une convention.')
      await mentor.getByRole('button', { name: 'Ajouter la mise en relation' }).click()
      await expect(mentor.getByText(/^1 mise en relation/)).toBeVisible()
      await expectAccessible(mentor)
      await mentor.screenshot({ path: 'test-results/mentoring-projet.png', fullPage: true })
    })

    // The team adds a ministry referent; the mentor removes her and she loses access at once.
    await test.step('L’équipe ajoute une référente du ministère ; la chargée d’accélération la retire et elle perd l’accès', async () => {
      await team.goto(projectUrl!)
      // Typed while the page hydrates, the fields may come back empty: type again until it is added.
      await expect(async () => {
        const referents = team.locator('#referent')
        await referents.getByLabel('Adresse e-mail').fill(REFERENT)
        await referents.getByLabel('Nom (facultatif)').fill('Anne Référente')
        await referents.getByRole('button', { name: 'Ajouter le référent' }).click()
        await expect(team.locator('#referent').getByText(/^Anne Référente/)).toBeVisible({ timeout: 3000 })
      }).toPass({ timeout: 20_000 })
      const referent = await (await browser.newContext()).newPage()
      await signIn(referent, REFERENT)
      expect((await referent.goto(projectUrl!))?.status()).toBe(200)
      await expect(referent.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible()
      await mentor.goto(projectUrl!)
      await mentor.getByRole('button', { name: 'Retirer Anne Référente des référents du projet' }).click()
      await expect(mentor.getByText('La personne n’est plus référente de ce projet : elle n’y a plus accès.')).toBeVisible()
      await expect(mentor.getByRole('button', { name: /^Retirer Anne Référente/ })).toHaveCount(0)
      await expectAccessible(mentor)
      expect((await referent.goto(projectUrl!))?.status()).toBe(404)
    })

    // The team plans a comité d'accélération and decides a first tranche.
    await test.step('L’équipe prévoit un comité d’accélération et décide une première tranche', async () => {
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
    })

    // Three weeks without a check-in: the daily job alerts the mentor (time moved, not waited for).
    await test.step('Trois semaines sans point d’étape : l’alerte quotidienne prévient la chargée d’accélération', async () => {
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
    })

    // The final report: drafted from the record, saved by the mentor, validated by the team.
    await test.step('La chargée d’accélération enregistre le rapport final ; l’équipe le valide', async () => {
      await mentor.goto(`${projectUrl}/rapport`)
      await expect(mentor.getByRole('heading', { level: 1, name: `Rapport final – ${PROJECT}` })).toBeVisible()
      await expect(mentor.getByRole('article')).toContainText('Points d’étape : 2')
      await mentor.getByRole('button', { name: 'Enregistrer le rapport' }).click()
      await expect(mentor.getByText('C’est enregistré.')).toBeVisible()
      await expectAccessible(mentor)
      await team.goto(`${projectUrl}/rapport`)
      await team.getByRole('button', { name: 'Valider le rapport' }).click()
      await expect(team.getByText(/Validé le/)).toBeVisible()
    })

    // The team publishes the outcomes page; anyone can read it.
    await test.step('L’équipe publie la page des résultats ; une visiteuse la lit', async () => {
      await team.goto(cohortUrl)
      await team.getByRole('button', { name: 'Publier la page des résultats' }).click()
      await expect(team.getByRole('status')).toHaveText('La page publique des résultats est en ligne.')
      const visitor = await (await browser.newContext()).newPage()
      await visitor.goto(`${cohortUrl.replace('/accompagnement/cohortes/', '/cohortes/')}/resultats`)
      await expect(visitor.getByRole('heading', { level: 1, name: 'Résultats – Promotion du printemps' })).toBeVisible()
      await expect(visitor.getByRole('heading', { name: /^80\s000\s€ de financement$/ })).toBeVisible()
      await expect(visitor.getByRole('heading', { name: '1 mises en relation' })).toBeVisible()
      await expectAccessible(visitor)
    })

    // The leader sees their page without the mentor's private notes, and cannot open another project.
    await test.step('La porteuse lit sa page sans les notes privées et ne peut pas ouvrir un autre projet', async () => {
      const leader = await (await browser.newContext()).newPage()
      await signIn(leader, LEADER)
      // Their way in: from their applications.
      await leader.goto('/mes-candidatures')
      await leader.getByRole('link', { name: `Suivi de l’accompagnement de « ${PROJECT} »` }).click()
      await expect(leader.getByRole('heading', { level: 1, name: PROJECT })).toBeVisible()
      await expect(leader.getByRole('link', { name: /^Modifier l’action/ })).toHaveCount(0)
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
    })
  } finally {
    await setClock(team.request, 0)
  }
})

test.describe('sans JavaScript', () => {
  test.use({ javaScriptEnabled: false })

  test('un point d’étape s’enregistre par le formulaire ; une date hors cohorte est signalée à côté du champ', async ({ page }) => {
    await signIn(page, 'mentor@demo.aic.gouv.fr')
    await page.goto('/accompagnement')
    await page.getByRole('link', { name: 'Première promotion', exact: true }).click()
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

  test('un point d’étape se corrige par un simple formulaire ; une saisie vide est signalée à côté du champ', async ({ page }) => {
    await signIn(page, 'mentor@demo.aic.gouv.fr')
    await page.goto('/accompagnement')
    await page.getByRole('link', { name: 'Première promotion', exact: true }).click()
    await page.getByRole('link', { name: 'Fabrique numérique de territoire' }).click()
    await page.getByRole('link', { name: /^Modifier le point du / }).first().click()
    const edit = page.getByRole('form', { name: /^Modifier le point du/ })
    await edit.getByLabel('Compte rendu').fill('')
    await edit.getByRole('button', { name: 'Enregistrer la correction' }).click()
    const again = page.getByRole('form', { name: /^Modifier le point du/ })
    await expect(again.getByText('Saisissez le compte rendu.')).toBeVisible()
    await again.getByLabel('Compte rendu').fill('Compte rendu corrigé sans JavaScript.')
    await again.getByRole('button', { name: 'Enregistrer la correction' }).click()
    await expect(page.getByText('C’est enregistré.')).toBeVisible()
    await expect(page.getByText('Compte rendu corrigé sans JavaScript.')).toBeVisible()
  })

  test('une action se corrige, un référent se retire, par de simples formulaires', async ({ page }) => {
    await signIn(page, 'equipe@demo.aic.gouv.fr')
    await page.goto('/accompagnement')
    await page.getByRole('link', { name: 'Première promotion', exact: true }).click()
    await page.getByRole('link', { name: 'Fabrique numérique de territoire' }).click()
    await page.getByRole('link', { name: 'Modifier l’action « Monter un dossier pour une fondation d’entreprise »' }).click()
    expect(new URL(page.url()).searchParams.get('modifier')).toBeTruthy()
    const edit = page.getByRole('form', { name: /^Modifier l’action/ })
    await edit.getByLabel('Action', { exact: true }).fill('   ')
    await edit.getByRole('button', { name: 'Enregistrer l’action' }).click()
    const again = page.getByRole('form', { name: /^Modifier l’action/ })
    await expect(again.getByText('Saisissez l’action.')).toBeVisible()
    await again.getByLabel('Action', { exact: true }).fill('Monter un dossier pour deux fondations d’entreprise')
    await again.getByRole('button', { name: 'Enregistrer l’action' }).click()
    await expect(page.getByText('C’est enregistré.')).toBeVisible()
    await expect(page.getByRole('cell', { name: /^Monter un dossier pour deux fondations d’entreprise/ })).toBeVisible()

    const referents = page.locator('#referent')
    await referents.getByLabel('Adresse e-mail').fill('referent.sansjs@culture.gouv.fr')
    await referents.getByLabel('Nom (facultatif)').fill('Paul Référent')
    await referents.getByRole('button', { name: 'Ajouter le référent' }).click()
    await page.getByRole('button', { name: 'Retirer Paul Référent des référents du projet' }).click()
    await expect(page.getByText('La personne n’est plus référente de ce projet : elle n’y a plus accès.')).toBeVisible()
    await expect(page.getByRole('button', { name: 'Retirer Paul Référent des référents du projet' })).toHaveCount(0)
  })
})
