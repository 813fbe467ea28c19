import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { randomClientAddress } from '../helpers/app-process.ts'
import { expect, expectAccessible, latestEmail, linkIn, signIn, test } from './fixtures.ts'

test.use({ actionTimeout: 15_000 })

const TEAM = 'equipe@demo.aic.gouv.fr'
const SHOTS = process.env.SHOTS_DIR ?? 'test-results/conflicts'

async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

type JourneyCall = { callId: string; applications: Array<{ id: string; title: string; siret: string }> }

test('conflit détecté depuis l’organisation : SIRET du profil, avertissement avant l’invitation, paire bloquée dans l’affectation, écartée avec un motif, journal', async ({
  page: team,
  browser,
}) => {
  test.setTimeout(120_000)
  // A call of its own, in evaluation with three applications and no jury: the second edition's demo call is
  // scored and published by the scoring journey at the same time.
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`
  await signIn(team, TEAM)
  const hook = await team.request.post('/test-hooks', { data: { hook: 'journey-call', title: `Appel conflits ${suffix}`, slug: `conflits-${suffix}`, applications: 3 } })
  expect(hook.ok(), await hook.text()).toBe(true)
  const { callId, applications } = (await hook.json()) as JourneyCall
  const target = applications[0]!
  expect(target.siret).toMatch(/^\d{14}$/)

  // ── A person without ProConnect, at an organisation with an address of its own, gives her SIRET on her profile.
  const email = `renee-${suffix}@cabinet-${suffix}.fr`
  const reviewerContext = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': randomClientAddress() } })
  const reviewer = await reviewerContext.newPage()
  await signIn(reviewer, email)
  await reviewer.goto('/profil')
  await reviewer.getByLabel('Prénom et nom').fill('Renée Relectrice')
  await reviewer.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(reviewer.getByText('Vos informations sont enregistrées.')).toBeVisible()
  const siretField = reviewer.getByLabel('Numéro SIRET de votre organisation (facultatif)')
  await siretField.fill(`${target.siret.slice(0, 13)}${(Number(target.siret[13]) + 1) % 10}`)
  await reviewer.getByRole('button', { name: 'Enregistrer le SIRET' }).click()
  await expect(reviewer.getByText('Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.')).toBeVisible()
  await expect(siretField).toHaveAttribute('aria-invalid', 'true')
  await expectAccessible(reviewer)
  await shot(reviewer, 'profil-siret-refuse')
  const spaced = `${target.siret.slice(0, 3)} ${target.siret.slice(3, 6)} ${target.siret.slice(6, 9)} ${target.siret.slice(9)}`
  await siretField.fill(spaced)
  await reviewer.getByRole('button', { name: 'Enregistrer le SIRET' }).click()
  await expect(reviewer.getByText('Le SIRET de votre organisation est enregistré.')).toBeVisible()
  await expect(siretField).toHaveValue(target.siret)

  // ── The team invites her to the administration jury: warned first, with the reason, then « Inviter quand même ».
  await team.goto(`/equipe/appels/${callId}/jurys`)
  await expect(team.getByRole('heading', { level: 1, name: 'Jurys et conflits d’intérêts' })).toBeVisible()
  await team.getByLabel('Adresse e-mail', { exact: true }).fill(email)
  await team.getByLabel('Jury', { exact: true }).selectOption('administration')
  await team.getByRole('button', { name: 'Envoyer l’invitation' }).click()
  const warning = team.getByRole('alert').filter({ hasText: 'Conflits d’intérêts détectés' })
  await expect(warning.getByRole('heading', { name: `Conflits d’intérêts détectés pour ${email} : 1 candidature` })).toBeVisible()
  await expect(warning).toContainText(`${target.title} : Même organisation : le SIRET de cette personne (${target.siret}) est celui de la structure candidate`)
  await expect(warning).toContainText('L’invitation n’est pas encore envoyée.')
  await expectAccessible(team)
  await shot(team, 'avertissement-invitation')
  await warning.getByRole('button', { name: 'Inviter quand même' }).click()
  await expect(team.getByText('Invitation envoyée par e-mail.')).toBeVisible()

  const mail = await latestEmail(reviewer.request, email, { subject: /Invitation/ })
  await reviewer.goto(linkIn(mail.text, /\/invitations\/[\w-]+/))
  await reviewer.getByRole('button', { name: 'Accepter l’invitation' }).click()
  await expect(reviewer).toHaveURL(/bienvenue=1/)
  await reviewerContext.close()

  // ── On the jury page: the detected conflict, its reason, the pair blocked.
  await team.goto(`/equipe/appels/${callId}/jurys`)
  await expect(team.getByRole('table', { name: 'Membres des deux jurys' }).getByText('Renée Relectrice')).toBeVisible()
  await expect(team.getByRole('heading', { name: 'Conflits détectés automatiquement (1)' })).toBeVisible()
  const item = team.getByRole('listitem').filter({ has: team.getByRole('heading', { name: new RegExp(`^Renée Relectrice — .* – ${target.title}`) }) })
  await expect(item.getByText('Paire bloquée')).toBeVisible()
  await expect(item).toContainText(`Même organisation : le SIRET de cette personne (${target.siret}) est celui de la structure candidate`)
  await expectAccessible(team)
  await shot(team, 'paire-bloquee-jurys')

  // ── On the assignment page: never proposed, and refused by hand.
  await team.goto(`/equipe/appels/${callId}/affectation`)
  await expect(team.getByRole('heading', { level: 1, name: 'Affectation des évaluations' })).toBeVisible()
  const matrix = team.getByRole('table', { name: /Matrice proposée/ })
  const targetRow = matrix.getByRole('row').filter({ hasText: target.title })
  await expect(targetRow.getByRole('cell')).toHaveText(['Conflit détecté'])
  for (const other of applications.slice(1)) await expect(matrix.getByRole('row').filter({ hasText: other.title }).getByRole('cell')).toHaveText(['Oui'])
  await expect(team.getByText('1 paire est bloquée par un conflit détecté automatiquement')).toBeVisible()
  await team.getByLabel('Candidature', { exact: true }).selectOption(target.id)
  const reviewerId = await team.getByLabel('Évaluateur', { exact: true }).locator('option', { hasText: 'Renée Relectrice' }).getAttribute('value')
  await team.getByLabel('Évaluateur', { exact: true }).selectOption(reviewerId!)
  await team.getByLabel('Ce que vous voulez').selectOption('forced')
  await team.getByRole('button', { name: 'Modifier la case' }).click()
  await expect(team.getByText('Cette personne a un conflit d’intérêts avec cette candidature : elle ne peut pas l’évaluer.')).toBeVisible()
  await expect(targetRow.getByRole('cell')).toHaveText(['Conflit détecté'])
  await expectAccessible(team)
  await shot(team, 'paire-bloquee-affectation')

  // ── The team dismisses it: without a reason, refused next to the field; with one, the pair is free.
  await team.getByRole('link', { name: 'page des jurys' }).click()
  await item.getByRole('button', { name: 'Écarter ce conflit' }).click()
  await expect(item.getByText('Indiquez pourquoi ce lien ne pose pas problème : le motif est obligatoire.')).toBeVisible()
  await expect(item.getByLabel('Motif (obligatoire)')).toHaveAttribute('aria-invalid', 'true')
  await expect(item.getByText('Paire bloquée')).toBeVisible()
  await expectAccessible(team)
  await shot(team, 'ecarter-sans-motif')
  const motivation = 'Elle a quitté cette structure en 2023 et n’a plus aucun lien avec le projet.'
  await item.getByLabel('Motif (obligatoire)').fill(motivation)
  await item.getByRole('button', { name: 'Écarter ce conflit' }).click()
  await expect(team.getByText('Conflit détecté écarté : la paire peut être affectée. Le motif est inscrit au journal.')).toBeVisible()
  await expect(item.getByText('Écarté', { exact: true })).toBeVisible()
  await expect(item).toContainText(`par Camille Équipe : « ${motivation} »`)
  await expect(item.getByRole('button', { name: 'Écarter ce conflit' })).toHaveCount(0)
  await shot(team, 'conflit-ecarte')

  await team.goto(`/equipe/appels/${callId}/affectation`)
  await expect(targetRow.getByRole('cell')).toHaveText(['Oui'])
  await expect(team.getByText(/bloquée par un conflit détecté/)).toHaveCount(0)
  await team.getByRole('button', { name: 'Enregistrer cette répartition' }).click()
  await expect(team.getByText('La répartition est enregistrée')).toBeVisible()
  await expect(team.getByText('La répartition enregistrée (3 évaluations) est celle ci-dessous.')).toBeVisible()

  // ── The audit trail keeps who dismissed it, and why.
  await team.goto('/equipe/journal?action=scoring.detected_conflict_dismissed')
  const row = team.getByRole('row').filter({ hasText: motivation })
  await expect(row.getByRole('cell', { name: 'scoring.detected_conflict_dismissed' })).toBeVisible()
  await expect(row).toContainText(TEAM)
  await expect(row).toContainText(reviewerId!)
  await expectAccessible(team)
})
