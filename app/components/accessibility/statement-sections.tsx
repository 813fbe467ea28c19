import type { GridCheck } from '#app/accessibility/rgaa-grid.ts'
import { frenchDate, type Statement, type StatementCriterion } from '#app/accessibility/statement.ts'

const STATUS_LABEL = { conforme: 'Conforme', non_conforme: 'Non conforme', non_applicable: 'Non applicable' } as const

function pagesLabel(statement: Statement, pages: StatementCriterion['entry']['pages']) {
  if (pages === 'toutes') return 'Toutes les pages de l’échantillon'
  return pages.map((id) => statement.samplePages.find((page) => page.id === id)!.title).join(', ')
}

function checkLabel(check: GridCheck) {
  return check.kind === 'test'
    ? `Test automatique « ${check.test} » (${check.file})`
    : `Vérification manuelle du ${frenchDate(check.date)} : ${check.method}. Constat : ${check.finding}`
}

/** The counts and the rate, as the RGAA computes it. */
export function TestResults({ statement }: { statement: Statement }) {
  const { counts } = statement
  return (
    <>
      <h2>Résultats des tests</h2>
      <p>
        L’évaluation menée par l’équipe du service (tests automatiques et vérifications manuelles, sans audit par un organisme indépendant) révèle que{' '}
        <strong>{statement.rateLabel} des critères du RGAA version 4.1 sont respectés</strong>.
      </p>
      <div className="fr-table">
        <table>
          <caption>Critères du RGAA 4.1 par statut</caption>
          <thead>
            <tr>
              <th scope="col">Statut</th>
              <th scope="col">Nombre de critères</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Conformes</th>
              <td>{counts.conformes}</td>
            </tr>
            <tr>
              <th scope="row">Non conformes</th>
              <td>{counts.nonConformes}</td>
            </tr>
            <tr>
              <th scope="row">Non applicables</th>
              <td>{counts.nonApplicables}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>
        Taux de conformité = critères conformes ÷ (critères conformes + critères non conformes), les critères non applicables n’étant pas comptés :{' '}
        {counts.conformes} ÷ ({counts.conformes} + {counts.nonConformes}) = {statement.rateLabel}. Un critère n’est déclaré conforme que lorsqu’un test ou une
        vérification datée le montre ; un critère qui n’a pas été vérifié est compté non conforme.
      </p>
    </>
  )
}

/** The non-conformities, the derogations and the contents not subject to the obligation. */
export function InaccessibleContents({ statement }: { statement: Statement }) {
  return (
    <>
      <h2>Contenus non accessibles</h2>
      <h3>Non-conformités</h3>
      {statement.nonConformities.length === 0 ? (
        <p>Aucune non-conformité n’est connue.</p>
      ) : (
        <>
          <p>Les critères suivants ne sont pas respectés, ou n’ont pas encore été vérifiés :</p>
          <ul>
            {statement.nonConformities.map((criterion) => (
              <li key={criterion.number}>
                <strong>Critère {criterion.number}</strong> ({criterion.theme}) – {criterion.title} <br />
                {criterion.entry.note}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Dérogations pour charge disproportionnée</h3>
      <p>Aucune.</p>
      <h3>Contenus non soumis à l’obligation d’accessibilité</h3>
      <ul>
        <li>les pièces jointes déposées par les porteurs de projets avec leur candidature (documents de tiers) ;</li>
        <li>les sites des administrations qui intègrent le bouton ou le questionnaire « Je donne mon avis ».</li>
      </ul>
    </>
  )
}

/** What was tested, with which tools and on which pages. */
export function HowItWasTested({ statement }: { statement: Statement }) {
  return (
    <>
      <h2>Établissement de cette déclaration d’accessibilité</h2>
      <p>
        Cette déclaration a été établie le 23 novembre 2026 et mise à jour le {statement.lastCheck ? frenchDate(statement.lastCheck) : '—'}, à partir de la
        grille des 106 critères du RGAA 4.1 tenue dans le code du service.
      </p>
      <h3>Technologies utilisées pour la réalisation du site</h3>
      <p>HTML5, CSS, JavaScript (facultatif : chaque formulaire fonctionne sans), WAI-ARIA, système de design de l’État (DSFR).</p>
      <h3>Environnement de test</h3>
      <p>
        Chromium récent sous Linux, piloté par Playwright, avec l’arbre d’accessibilité du navigateur. Aucun lecteur d’écran (NVDA, JAWS, VoiceOver) n’a encore
        été utilisé.
      </p>
      <h3>Outils pour évaluer l’accessibilité</h3>
      <ul>
        <li>axe-core 4.13 (règles WCAG 2.1 niveaux A et AA), à chaque modification du site, sur chaque page des parcours ;</li>
        <li>parcours au clavier seul, avec vérification de la visibilité du focus à chaque tabulation ;</li>
        <li>
          {statement.automatedChecks.length} tests automatiques cités par la grille, et {statement.manualChecks.length} méthodes de vérification manuelle :
        </li>
      </ul>
      <ul>
        {statement.manualChecks.map((check) => (
          <li key={check.method}>
            {check.method} ({frenchDate(check.date)}).
          </li>
        ))}
      </ul>
      <h3>Pages du site ayant fait l’objet de la vérification de conformité</h3>
      <ul>
        {statement.samplePages.map((page) => (
          <li key={page.id}>
            {page.title} ({page.path})
          </li>
        ))}
      </ul>
    </>
  )
}

/** The 106 criteria, folded by default. */
export function FullGrid({ statement }: { statement: Statement }) {
  return (
    <details className="fr-mb-4w">
      <summary>Voir la grille complète des {statement.criteria.length} critères</summary>
      <div className="fr-table fr-mt-2w">
        <table>
          <caption>Grille RGAA 4.1 : statut de chaque critère, vérification et pages concernées</caption>
          <thead>
            <tr>
              <th scope="col">Critère</th>
              <th scope="col">Statut</th>
              <th scope="col">Comment il est vérifié</th>
              <th scope="col">Pages concernées</th>
            </tr>
          </thead>
          <tbody>
            {statement.criteria.map((criterion) => (
              <tr key={criterion.number}>
                <th scope="row">
                  {criterion.number} – {criterion.title}
                </th>
                <td>{STATUS_LABEL[criterion.entry.status]}</td>
                <td>
                  {criterion.entry.note}
                  {criterion.entry.checks.map((check) => (
                    <span key={checkLabel(check)} className="fr-text--xs">
                      <br />
                      {checkLabel(check)}
                    </span>
                  ))}
                </td>
                <td>{pagesLabel(statement, criterion.entry.pages)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  )
}
