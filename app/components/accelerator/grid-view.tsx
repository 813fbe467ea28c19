import { JURY_LABELS } from '#app/accelerator/calls/call-states.ts'
import type { Jury } from '#db/schema/accelerator.ts'

export interface GridCriterion {
  id: string
  title: string
  description: string
  levels: string[]
  weight: number
  jury: Jury
}

/** The criteria grid with each level's plain-language anchor (public page, team page). */
export function GridView({ criteria, headingLevel = 3 }: { criteria: GridCriterion[]; headingLevel?: 3 | 4 }) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4'
  const totalWeight = criteria.reduce((sum, criterion) => sum + criterion.weight, 0)
  if (!criteria.length) return <p>La grille ne contient encore aucun critère.</p>
  return (
    <ol className="aic-criteria">
      {criteria.map((criterion) => (
        <li key={criterion.id} className="fr-mb-4w">
          <Heading className="fr-h6 fr-mb-1w">{criterion.title}</Heading>
          <p className="fr-mb-1w">{criterion.description}</p>
          <p className="fr-text--sm fr-mb-1w">
            Poids : {criterion.weight} sur {totalWeight} · Évalué par : {JURY_LABELS[criterion.jury].toLowerCase()}
          </p>
          <details>
            <summary>Les cinq niveaux de ce critère</summary>
            <ol className="fr-mt-1w">
              {criterion.levels.map((level, index) => (
                <li key={index}>
                  <strong>Niveau {index + 1}</strong> : {level}
                </li>
              ))}
            </ol>
          </details>
        </li>
      ))}
    </ol>
  )
}
