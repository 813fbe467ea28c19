import type { Page } from '@playwright/test'
import { demoPdf } from '../../db/seeds/demo-pdf.ts'
import { expect, expectAccessible, latestEmail, linkIn, signIn, test, uniqueEmail } from './fixtures.ts'

test.use({ actionTimeout: 15_000 })

const pdf = (name: string, text: string) => ({ name, mimeType: 'application/pdf', buffer: Buffer.from(demoPdf([text])) })

/** The section's save status says it is saved (after the last change). */
async function expectSaved(page: Page) {
  await page.keyboard.press('Tab')
  await expect(page.getByRole('status').filter({ hasText: /^Enregistré à \d{1,2} h \d\d$/ })).toBeVisible()
}

/** The application's side menu (sections with their progress marks). */
const menu = (page: Page) => page.getByRole('navigation', { name: 'Ma candidature' })

async function countEmails(page: Page, to: string, subject: RegExp): Promise<number> {
  const list = await (await page.request.get(`/dev/boite-mail?a=${encodeURIComponent(to)}`)).text()
  return [...list.matchAll(/href="\/dev\/boite-mail\/[0-9a-f-]{36}"[^>]*>([^<]*)</g)].filter((m) => subject.test(m[1]!)).length
}

test('de l’appel publié au dossier instruit : brouillon en deux fois, co-porteur, pièces jointes, dépôt, correction, nouveau dépôt, exports', async ({ browser }) => {
  test.setTimeout(300_000)
  const leaderEmail = uniqueEmail('porteuse')
  const coEmail = uniqueEmail('coporteur')
  const title = `Repair café ${Date.now().toString(36)}`

  // ── First session: the leader starts from the public call and begins with her structure (autosaved).
  const first = await browser.newContext()
  let page = await first.newPage()
  const applicationPath = await test.step('La porteuse commence sa candidature depuis l’appel publié et remplit sa structure', async () => {
    await signIn(page, leaderEmail)
    await page.goto('/appels/edition-3')
    await page.getByRole('link', { name: 'Déposer une candidature' }).first().click()
    await expect(page.getByRole('heading', { level: 1, name: 'Déposer une candidature' })).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Commencer ma candidature' }).click()
    await expect(page.getByText('Votre candidature est créée.')).toBeVisible()
    await expectAccessible(page)
    const applicationPath = new URL(page.url()).pathname
    await page.getByRole('link', { name: 'Commencer', exact: true }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Votre structure' })).toBeVisible()
    await page.getByLabel('Nom de la structure').fill('Repair café de Belleville')
    await page.getByLabel('Association', { exact: true }).check({ force: true })
    await page.getByLabel('Numéro RNA (associations)').fill('W751234567')
    await page.getByLabel('Adresse du siège').fill('3 rue de Belleville, 75019 Paris')
    await expectSaved(page)
    await expectAccessible(page)
    await first.close()
    return applicationPath
  })

  // ── Second session, another day: nothing was lost.
  const second = await browser.newContext()
  page = await second.newPage()
  await test.step('La porteuse revient un autre jour : rien n’est perdu', async () => {
    await signIn(page, leaderEmail)
    await page.getByRole('link', { name: 'Projet sans titre' }).click()
    await menu(page).getByRole('link', { name: /^Votre structure/ }).click()
    await expect(page.getByLabel('Nom de la structure')).toHaveValue('Repair café de Belleville')
    await expect(page.getByLabel('Numéro RNA (associations)')).toHaveValue('W751234567')
  })

  await test.step('La porteuse remplit son projet, son indicateur, sa stratégie, son budget et ses contacts', async () => {
    await menu(page).getByRole('link', { name: /^Votre projet/ }).click()
    await page.getByLabel('Nom du projet').fill(title)
    await page.getByLabel('Description du projet').fill('Un atelier où les habitants réparent ensemble leurs objets du quotidien, avec des bénévoles.')
    await expect(page.getByText('92 / 800 caractères')).toBeVisible()
    await page.getByLabel('Le problème auquel le projet répond').fill('<script>window.__piege = 1</script><b>Trop d’objets jetés</b> alors qu’ils sont réparables.')
    await page.getByLabel('Les publics concernés').fill('Les habitants du 19e arrondissement.')
    await page.getByLabel('Île-de-France').check({ force: true })
    await page.getByRole('button', { name: 'Enregistrer et passer à la suite' }).click()

    await expect(page.getByRole('heading', { level: 1, name: 'Indicateur d’impact' })).toBeVisible()
    await page.getByLabel('Indicateur principal').fill('Objets réparés par mois')
    await page.getByLabel(/^Unité/).fill('objets')
    await page.getByLabel('Valeur aujourd’hui').fill('120')
    await page.getByLabel('Valeur visée dans six mois').fill('250')
    await page.getByRole('button', { name: 'Enregistrer et passer à la suite' }).click()

    await expect(page.getByRole('heading', { level: 1, name: 'Stratégie à six mois' })).toBeVisible()
    await page.getByLabel('Votre stratégie pour les six prochains mois').fill('Ouvrir un second atelier et former dix bénévoles.')
    await page.getByRole('button', { name: 'Enregistrer et passer à la suite' }).click()
    // The objectives are left to the co-leader.
    await expect(page.getByRole('heading', { level: 1, name: 'Objectifs pour l’accélérateur' })).toBeVisible()
    await menu(page).getByRole('link', { name: /^Budget et financeurs/ }).click()
    await page.getByLabel('Budget annuel de la structure (en euros)').fill('48 000')
    await page.getByLabel('Budget du projet pour les douze prochains mois (en euros)').fill('30000')
    await page.getByLabel('Total des aides publiques reçues sur les trois derniers exercices (en euros)').fill('12000')
    await page.getByRole('button', { name: 'Enregistrer et passer à la suite' }).click()

    await expect(page.getByRole('heading', { level: 1, name: 'Deux contacts' })).toBeVisible()
    const contacts = page.getByRole('group', { name: 'Premier contact' })
    await contacts.getByLabel('Prénom et nom').fill('Nora Belkacem')
    await contacts.getByLabel('Rôle dans le projet').fill('Présidente')
    await contacts.getByLabel('Adresse e-mail').fill('nora@exemple.fr')
    await contacts.getByLabel('Téléphone').fill('06 11 22 33 44')
    const contact2 = page.getByRole('group', { name: 'Second contact' })
    await contact2.getByLabel('Prénom et nom').fill('Yves Marchal')
    await contact2.getByLabel('Rôle dans le projet').fill('Coordinateur des bénévoles')
    await contact2.getByLabel('Adresse e-mail').fill('yves@exemple.fr')
    await contact2.getByLabel('Téléphone').fill('06 55 66 77 88')
    await page.getByLabel(/s’engagent à consacrer 2 à 3 jours par mois/).check({ force: true })
    await expectAccessible(page)
    await page.getByRole('button', { name: 'Enregistrer et passer à la suite' }).click()
  })

  // Attachments, checked by content.
  await test.step('La porteuse ajoute ses pièces jointes, vérifiées par leur contenu', async () => {
    await expect(page.getByRole('heading', { level: 1, name: 'Pièces jointes' })).toBeVisible()
    await expectAccessible(page)
    await page.getByLabel('Type de document').selectOption('statutes')
    await page.locator('input[name="fichier"]').setInputFiles(pdf('statuts-repair-cafe.pdf', 'Statuts du Repair café'))
    await page.getByRole('button', { name: 'Ajouter ce fichier' }).click()
    await expect(page.getByText('Le fichier est ajouté à votre candidature.')).toBeVisible()
    await page.getByLabel('Type de document').selectOption('accounts')
    await page.locator('input[name="fichier"]').setInputFiles(pdf('comptes-2025.pdf', 'Comptes 2025'))
    await page.getByRole('button', { name: 'Ajouter ce fichier' }).click()
    await expect(page.getByRole('link', { name: 'comptes-2025.pdf' })).toBeVisible()
  })

  // Not complete yet: the submit page lists what is missing, each with a link to the field.
  await test.step('La page de dépôt liste ce qui manque, chaque élément menant à son champ', async () => {
    await menu(page).getByRole('link', { name: 'Vérifier et déposer' }).click()
    await expect(page.getByRole('heading', { name: 'Il manque encore des éléments' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Objectif 1' })).toHaveAttribute('href', `${applicationPath}/objectifs#champ-objectives-objective1`)
    await expect(page.getByRole('button', { name: 'Déposer ma candidature' })).toBeDisabled()
    await expectAccessible(page)
  })

  // A co-leader is invited by e-mail.
  await test.step('La porteuse invite un co-porteur par e-mail', async () => {
    await menu(page).getByRole('link', { name: 'Co-porteurs' }).click()
    await page.getByLabel('Adresse e-mail de la personne').fill(coEmail)
    await page.getByRole('button', { name: 'Envoyer l’invitation' }).click()
    await expect(page.getByText('Invitation envoyée par e-mail.')).toBeVisible()
    await expectAccessible(page)
  })

  // ── The co-leader: before joining, the application's address gives a 404; after, they complete the objectives.
  const coContext = await browser.newContext()
  const co = await coContext.newPage()
  await test.step('Le co-porteur rejoint la candidature et remplit les objectifs', async () => {
    await signIn(co, coEmail)
    expect((await co.goto(applicationPath))?.status()).toBe(404)
    await expect(co.getByRole('heading', { level: 1, name: 'Page non trouvée' })).toBeVisible()
    const invitation = await latestEmail(co.request, coEmail, { subject: /vous invite à compléter une candidature/ })
    await co.goto(new URL(linkIn(invitation.text, /http:\/\/\S+\/mes-candidatures\/rejoindre\/[\w-]+/)).pathname)
    await expect(co.getByText(`« ${title} »`)).toBeVisible()
    await expectAccessible(co)
    await co.getByRole('button', { name: 'Rejoindre la candidature' }).click()
    await expect(co.getByRole('heading', { level: 1, name: title })).toBeVisible()
    await menu(co).getByRole('link', { name: /^Objectifs pour l’accélérateur/ }).click()
    await co.getByLabel('Objectif 1').fill('Être référencés par la mairie comme lieu de réparation.')
    await co.getByLabel('Objectif 2').fill('Trouver un local pérenne avec un bailleur social.')
    await co.getByLabel('Objectif 3').fill('Réparer 250 objets par mois.')
    await co.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await expect(co.getByText(/^Section enregistrée à/)).toBeVisible()
  })

  // ── The leader submits (a double click submits once).
  const reference = await test.step('La porteuse dépose sa candidature (un double clic la dépose une fois)', async () => {
    await page.goto(`${applicationPath}/depot`)
    await expect(page.getByRole('heading', { name: 'Votre candidature est complète' })).toBeVisible()
    await page.getByRole('button', { name: 'Déposer ma candidature' }).dblclick()
    await expect(page.getByRole('heading', { level: 1, name: 'Attestation de dépôt' })).toBeVisible()
    const reference = (await page.getByText(/^Référence : AIC-\d{4}-\d{5}$/).textContent())!.replace('Référence : ', '')
    await expectAccessible(page)
    const receipt = await latestEmail(page.request, leaderEmail, { subject: /^Candidature déposée/ })
    expect(receipt.subject).toBe(`Candidature déposée : ${reference}`)
    expect(receipt.text).toContain(title)
    await latestEmail(page.request, coEmail, { subject: /^Candidature déposée/ })
    expect(await countEmails(page, leaderEmail, /^Candidature déposée/)).toBe(1)
    await page.goto('/mes-candidatures')
    await expect(page.getByText(`Appel à projets, 3e édition · Référence ${reference}`)).toBeVisible()
    await expect(page.getByText('L’équipe d’instruction va l’examiner.')).toBeVisible()
    return reference
  })

  // ── The reviewer finds it, starts instruction and asks for a correction pointing at a field.
  const reviewerContext = await browser.newContext()
  const reviewer = await reviewerContext.newPage()
  await test.step('L’instructeur trouve la candidature, la passe en instruction et demande une correction', async () => {
    await signIn(reviewer, 'instructeur@demo.aic.gouv.fr')
    await expect(reviewer).toHaveURL(/\/instruction$/)
    await reviewer.getByRole('link', { name: 'Appel à projets, 3e édition' }).click()
    await expectAccessible(reviewer)
    await reviewer.getByLabel('Rechercher').fill('repair café belleville')
    await reviewer.getByRole('button', { name: 'Filtrer' }).click()
    await expect(reviewer.getByText('1 résultat pour')).toBeVisible()
    await reviewer.getByRole('link', { name: title }).click()
    await expect(reviewer.getByRole('heading', { level: 1, name: title })).toBeVisible()
    // Text typed by the leader is shown as text, never run.
    await expect(reviewer.getByText('<script>window.__piege = 1</script><b>Trop d’objets jetés</b>', { exact: false })).toBeVisible()
    expect(await reviewer.evaluate(() => (window as unknown as { __piege?: number }).__piege)).toBeUndefined()
    await expectAccessible(reviewer)
    const download = reviewer.waitForEvent('download')
    await reviewer.getByRole('link', { name: /statuts-repair-cafe\.pdf/ }).click()
    expect((await download).suggestedFilename()).toBe('statuts-repair-cafe.pdf')
    await reviewer.getByRole('button', { name: 'Passer en instruction' }).click()
    await expect(reviewer.getByText('La candidature est passée en instruction.')).toBeVisible()
    await reviewer.getByLabel('Message aux porteurs').fill('Merci de préciser le budget annuel : le montant semble incomplet.')
    await reviewer.getByText('Champs à corriger (cochez au moins un champ)').click()
    await reviewer.getByLabel('Budget annuel de la structure (en euros)').check({ force: true })
    await reviewer.getByRole('button', { name: 'Demander une correction' }).click()
    await expect(reviewer.getByText('La demande de correction est envoyée aux porteurs.')).toBeVisible()
    await expectAccessible(reviewer)
    const correctionMail = await latestEmail(page.request, leaderEmail, { subject: /^Correction demandée/ })
    expect(correctionMail.text).toContain('Merci de préciser le budget annuel')
  })

  // ── The leader follows the link to the field, fixes it and submits again.
  await test.step('La porteuse corrige le champ indiqué et dépose de nouveau', async () => {
    await page.goto(applicationPath)
    await expect(page.getByRole('heading', { name: 'Ce que l’équipe d’instruction vous demande' })).toBeVisible()
    await expectAccessible(page)
    await page.getByRole('link', { name: 'Budget et financeurs – Budget annuel de la structure (en euros)' }).click()
    await expect(page).toHaveURL(new RegExp(`${applicationPath}/budget#champ-budget-annualBudget$`))
    await expect(page.getByText('L’équipe d’instruction vous demande de corriger ce champ.')).toBeVisible()
    await page.getByLabel('Budget annuel de la structure (en euros)').fill('65000')
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await expect(page.getByText(/^Section enregistrée à/)).toBeVisible()
    await menu(page).getByRole('link', { name: 'Vérifier et déposer' }).click()
    await page.getByRole('button', { name: 'Déposer ma candidature corrigée' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Attestation de dépôt' })).toBeVisible()
    await expect(page.getByText('(2 dépôts)')).toBeVisible()
    await expect.poll(() => countEmails(page, leaderEmail, /^Candidature déposée/)).toBe(2)
  })

  // ── Back in instruction, where the reviewer left it (not « Déposée » again, issue 17 #6);
  // the page says so and what comes next. The history shows every step.
  await test.step('L’instructeur retrouve la candidature en instruction, avec tout son historique', async () => {
    await reviewer.reload()
    await expect(reviewer.locator('#etat-et-suite')).toContainText('État : En instruction. Les porteurs ont déposé leur candidature corrigée le')
    await expect(reviewer.locator('#etat-et-suite')).toContainText('Prochaine action : Complétez la vérification de l’éligibilité')
    await expect(reviewer.getByRole('button', { name: 'Passer en instruction' })).toHaveCount(0)
    const history = reviewer.getByRole('region', { name: 'Historique' })
    for (const step of ['Candidature déposée', 'Passage en instruction', 'Correction demandée', 'Candidature corrigée et déposée de nouveau']) {
      await expect(history.getByText(step, { exact: true }).first()).toBeVisible()
    }
  })
  // ── The message thread: the reviewer writes, the leader is told by e-mail, reads and answers.
  await test.step('L’instructeur écrit aux porteurs ; la porteuse lit le message et répond', async () => {
    await reviewer.getByLabel('Écrire aux porteurs').fill('Merci, votre dossier est maintenant complet.')
    await reviewer.getByRole('button', { name: 'Envoyer le message' }).click()
    await expect(reviewer.getByText('Message envoyé aux porteurs.')).toBeVisible()
    const notice = await latestEmail(page.request, leaderEmail, { subject: /^Nouveau message/ })
    expect(notice.text).not.toContain('maintenant complet')
    await page.goto(new URL(linkIn(notice.text, /http:\/\/\S+\/messages/)).pathname)
    await expect(page.getByText('Merci, votre dossier est maintenant complet.')).toBeVisible()
    await expect(page.getByText('Équipe d’instruction', { exact: false }).first()).toBeVisible()
    await page.getByLabel('Votre message').fill('Merci beaucoup !')
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click()
    await expect(page.getByText('Votre message est envoyé à l’équipe d’instruction.')).toBeVisible()
    await expectAccessible(page)
  })

  await test.step('L’instructeur exporte les candidatures en CSV et en tableur', async () => {
    const callId = new URL(reviewer.url()).pathname.split('/')[2]!
    const csv = await (await reviewer.request.get(`/instruction/${callId}/export?format=csv`)).text()
    const row = csv.split('\r\n').find((line) => line.startsWith(reference))!
    expect(row).toContain('En instruction')
    expect(row).toContain('statuts-repair-cafe.pdf ; comptes-2025.pdf')
    expect(row).toContain('65000')
    const xlsx = await reviewer.request.get(`/instruction/${callId}/export?format=xlsx`)
    expect(xlsx.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK')
  })

  // ── The leader's dashboard explains the state; the public page counts the application.
  await test.step('La porteuse lit l’état sur son tableau de bord ; la page publique compte la candidature', async () => {
    await page.goto('/mes-candidatures')
    await expect(page.getByText('Un agent instructeur vérifie que votre candidature est complète')).toBeVisible()
    await expectAccessible(page)
    await page.goto('/appels/edition-3')
    const count = Number((await page.getByText(/^Candidatures déposées à ce jour : \d+$/).textContent())!.match(/\d+$/)![0])
    expect(count).toBeGreaterThanOrEqual(4)
  })

  await Promise.all([second.close(), coContext.close(), reviewerContext.close()])
})
