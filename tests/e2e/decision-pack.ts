import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import type { Page } from '@playwright/test'
import { expect, expectAccessible } from './fixtures.ts'

const SHOTS = 'test-results/decision-pack'

/**
 * The decision pack journey (issue 20, decision 100), run by the scoring journey while the call
 * deliberates and every application has a proposed decision: the team opens the pack from the
 * deliberation page, puts itself on the committee, records « pas d'accord » (a note is required)
 * then « d'accord », sees the tally; the pack prints to a PDF of several pages, one application
 * per page, whose text has the applications' titles; the pages are also written as PNG images
 * (test-results/decision-pack) to be looked at.
 */
export async function decisionPackJourney(team: Page, callId: string, teamEmail: string) {
  mkdirSync(SHOTS, { recursive: true })
  await team.goto(`/equipe/appels/${callId}/deliberation`)
  await team.getByRole('link', { name: 'Dossier de décision pour le comité' }).click()
  await expect(team.getByRole('heading', { level: 1, name: /^Dossier de décision/ })).toBeVisible()
  await expect(team.getByText('Aucun membre du comité pour l’instant')).toBeVisible()
  await expectAccessible(team)

  // Someone outside the programme team cannot sit on the committee: French message next to the field.
  await team.getByLabel('Ajouter un membre du comité').fill('citoyenne@demo.aic.gouv.fr')
  await team.getByRole('button', { name: 'Ajouter au comité' }).click()
  await expect(team.getByText('Aucun membre de l’équipe du programme n’a cette adresse')).toBeVisible()
  await team.getByLabel('Ajouter un membre du comité').fill(teamEmail)
  await team.getByRole('button', { name: 'Ajouter au comité' }).click()
  await expect(team.getByText('Le membre est ajouté au comité.')).toBeVisible()

  const first = team.locator('section.aic-pack-application').first()
  const title = (await first.getByRole('heading', { level: 2 }).textContent())!.replace(/^\d+\.\s*/, '')
  await first.getByText('Pas d’accord', { exact: true }).click()
  await first.getByRole('button', { name: 'Enregistrer mon avis' }).click()
  await expect(team.getByText('Expliquez en une phrase pourquoi vous n’êtes pas d’accord.').first()).toBeVisible()
  await expectAccessible(team)
  await team.screenshot({ path: `${SHOTS}/avis-erreur.png` })
  const section = team.locator('section.aic-pack-application').first()
  await section.getByText('Pas d’accord', { exact: true }).click()
  await section.getByLabel('Note pour l’équipe').fill('Le budget me semble sous-estimé.')
  await section.getByRole('button', { name: 'Enregistrer mon avis' }).click()
  await expect(team.getByText('Votre avis est enregistré')).toBeVisible()
  const again = team.locator('section.aic-pack-application').first()
  await expect(again.getByText('0 d’accord, 1 pas d’accord, sur 1 membre.')).toBeVisible()
  await expect(again.getByText('« Le budget me semble sous-estimé. »')).toBeVisible()
  await again.getByText('D’accord', { exact: true }).click()
  await again.getByLabel('Note pour l’équipe').fill('Convaincu après discussion.')
  await again.getByRole('button', { name: 'Enregistrer mon avis' }).click()
  await expect(team.locator('section.aic-pack-application').first().getByText('1 d’accord, 0 pas d’accord, sur 1 membre.')).toBeVisible()
  await expect(team.getByRole('button', { name: 'Imprimer / enregistrer en PDF' })).toBeVisible()
  await expectAccessible(team)
  await team.screenshot({ path: `${SHOTS}/dossier.png`, fullPage: false })

  // Printed by the browser: several A4 pages, the applications' titles in the text, no navigation.
  const pdf = `${SHOTS}/dossier.pdf`
  await team.pdf({ path: pdf, format: 'A4', printBackground: true })
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1])
  const sections = await team.locator('section.aic-pack-application').count()
  // One application per page at least, after the summary and the ranking.
  expect(pages).toBeGreaterThan(sections)
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  expect(text).toContain(title.replace(/\s+/g, ' ').trim())
  const titles = await team.locator('section.aic-pack-application h2').allTextContents()
  for (const heading of titles)
    expect(text).toContain(
      heading
        .replace(/^\d+\.\s*/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
  expect(text).toContain('Dossier de décision – page 1 sur')
  expect(text).not.toContain('Se déconnecter')
  expect(text).not.toContain('Enregistrer mon avis')
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '4', pdf, `${SHOTS}/page`])
}
