import { STRUCTURE_KINDS } from '#app/accelerator/applications/application-form.ts'
import { CITIZEN_MODE_LABELS, COMBINATION_RULE_LABELS, JURY_LABELS } from '#app/accelerator/calls/call-states.ts'
import { ChoiceField, SelectField, TextAreaField, TextField } from '#app/components/forms.tsx'

type Errors = Record<string, string[] | null | undefined>

export interface CallFormDefaults {
  title?: string
  slug?: string
  intro?: string
  opensAt?: string
  closesAt?: string
  resultsOn?: string
  places?: string
  faq?: Array<{ question?: string; answer?: string }>
  adminReviews?: string
  citizenReviews?: string
  citizenMode?: string
  combinationRule?: string
  adminWeight?: string
  topN?: string
  divergenceGap?: string
}

/** The call's information, dates, FAQ and selection settings (creation and edition). */
export function CallFormFields({
  defaults,
  errors,
  opensAtLocked = false,
  closesAtLocked = false,
  scoringLocked = false,
}: {
  defaults: CallFormDefaults
  errors: Errors
  opensAtLocked?: boolean
  closesAtLocked?: boolean
  scoringLocked?: boolean
}) {
  // Rows keep their index (error messages are keyed by it); two empty rows at the end let the team add questions.
  const given = (defaults.faq ?? []).map((entry) => entry ?? {})
  while (given.length && !given.at(-1)!.question && !given.at(-1)!.answer) given.pop()
  const faq = [...given, { question: '', answer: '' }, { question: '', answer: '' }]
  return (
    <>
      <fieldset className="fr-fieldset fr-mb-4w" aria-labelledby="appel-presentation">
        <legend className="fr-fieldset__legend fr-h4" id="appel-presentation">
          Présentation
        </legend>
        <div className="fr-fieldset__element">
          <TextField label="Titre de l’appel" name="title" defaultValue={defaults.title} required errors={errors.title} id="appel-titre" />
          <TextField
            label="Adresse de la page publique"
            hint="La page sera publiée à l’adresse /appels/… Lettres minuscules sans accents, chiffres et tirets."
            name="slug"
            defaultValue={defaults.slug}
            required
            errors={errors.slug}
            id="appel-adresse"
            spellCheck={false}
          />
          <TextAreaField
            label="Présentation de l’appel"
            hint="Le premier texte de la page publique : à quoi sert l’appel, pour qui, en quelques phrases simples."
            name="intro"
            rows={5}
            defaultValue={defaults.intro}
            required
            errors={errors.intro}
            id="appel-presentation-texte"
          />
          <TextField
            label="Nombre de projets accompagnés"
            name="places"
            type="number"
            min={1}
            max={500}
            defaultValue={defaults.places}
            required
            errors={errors.places}
            id="appel-places"
          />
        </div>
      </fieldset>

      <fieldset className="fr-fieldset fr-mb-4w" aria-labelledby="appel-dates">
        <legend className="fr-fieldset__legend fr-h4" id="appel-dates">
          Dates (heure de Paris)
        </legend>
        <div className="fr-fieldset__element">
          <TextField
            label="Ouverture des candidatures"
            hint={opensAtLocked ? 'L’appel est ouvert : cette date ne peut plus changer.' : 'Date et heure, par exemple 17/12/2026 09:00.'}
            name="opensAt"
            type="datetime-local"
            defaultValue={defaults.opensAt}
            readOnly={opensAtLocked}
            required
            errors={errors.opensAt}
            id="appel-ouverture"
          />
          <TextField
            label="Date limite de dépôt"
            hint={closesAtLocked ? 'L’appel est clos : cette date ne peut plus changer.' : 'Les candidatures sont refusées à partir de cette heure précise.'}
            name="closesAt"
            type="datetime-local"
            defaultValue={defaults.closesAt}
            readOnly={closesAtLocked}
            required
            errors={errors.closesAt}
            id="appel-cloture"
          />
          <TextField label="Résultats attendus le" name="resultsOn" type="date" defaultValue={defaults.resultsOn} required errors={errors.resultsOn} id="appel-resultats" />
        </div>
      </fieldset>

      <fieldset className="fr-fieldset fr-mb-4w" aria-labelledby="appel-selection">
        <legend className="fr-fieldset__legend fr-h4" id="appel-selection">
          Règles de sélection
          <span className="fr-hint-text">
            {scoringLocked ? 'L’évaluation a commencé : ces règles ne peuvent plus changer.' : 'Publiées sur la page de l’appel. Elles ne peuvent plus changer une fois l’évaluation commencée.'}
          </span>
        </legend>
        <div className="fr-fieldset__element">
          <TextField
            label="Évaluations de l’administration par candidature"
            name="adminReviews"
            type="number"
            min={1}
            max={10}
            defaultValue={defaults.adminReviews}
            readOnly={scoringLocked}
            required
            errors={errors.adminReviews}
            id="appel-evaluations-administration"
          />
          <TextField
            label="Évaluations du panel citoyen par candidature"
            name="citizenReviews"
            type="number"
            min={1}
            max={30}
            defaultValue={defaults.citizenReviews}
            readOnly={scoringLocked}
            required
            errors={errors.citizenReviews}
            id="appel-evaluations-citoyennes"
          />
          <ChoiceField
            legend="Comment le panel citoyen évalue"
            name="citizenMode"
            options={Object.entries(CITIZEN_MODE_LABELS).map(([value, label]) => ({ value, label }))}
            defaultValue={defaults.citizenMode}
            required
            errors={errors.citizenMode}
          />
          <ChoiceField
            legend="Comment les deux jurys sont combinés"
            name="combinationRule"
            options={Object.entries(COMBINATION_RULE_LABELS).map(([value, label]) => ({ value, label }))}
            defaultValue={defaults.combinationRule}
            required
            errors={errors.combinationRule}
          />
          <TextField
            label="Poids de l’administration (en %)"
            hint="Pour la règle « combinées » : le panel citoyen compte pour le reste."
            name="adminWeight"
            type="number"
            min={0}
            max={100}
            defaultValue={defaults.adminWeight}
            readOnly={scoringLocked}
            required
            errors={errors.adminWeight}
            id="appel-poids-administration"
          />
          <TextField
            label="Projets transmis au panel citoyen"
            hint="Pour la règle « en deux temps » seulement."
            name="topN"
            type="number"
            min={1}
            max={500}
            defaultValue={defaults.topN}
            readOnly={scoringLocked}
            errors={errors.topN}
            id="appel-top-n"
          />
          <TextField
            label="Écart signalé entre les deux jurys (en points sur 5)"
            hint="Au-delà de cet écart entre les moyennes des deux jurys, la candidature est signalée pendant la délibération. Par exemple : 1,5."
            name="divergenceGap"
            type="number"
            step="0.1"
            min={0.5}
            max={4}
            defaultValue={defaults.divergenceGap}
            readOnly={scoringLocked}
            required
            errors={errors.divergenceGap}
            id="appel-ecart"
          />
        </div>
      </fieldset>

      <fieldset className="fr-fieldset fr-mb-4w" aria-labelledby="appel-faq">
        <legend className="fr-fieldset__legend fr-h4" id="appel-faq">
          Questions fréquentes
          <span className="fr-hint-text">Videz une question et sa réponse pour la supprimer. Deux lignes vides permettent d’en ajouter.</span>
        </legend>
        <div className="fr-fieldset__element">
          {faq.map((entry, index) => (
            <div key={index} className="fr-mb-3w">
              <TextField
                label={`Question ${index + 1}`}
                name={`faq[${index}].question`}
                defaultValue={entry.question ?? ''}
                errors={errors[`faq[${index}].question`]}
                id={`faq-${index}-question`}
              />
              <TextAreaField
                label={`Réponse ${index + 1}`}
                name={`faq[${index}].answer`}
                rows={3}
                defaultValue={entry.answer ?? ''}
                errors={errors[`faq[${index}].answer`]}
                id={`faq-${index}-reponse`}
              />
            </div>
          ))}
        </div>
      </fieldset>
    </>
  )
}

export interface GridFormDefaults {
  eligibleKinds?: string[]
  criteria?: Array<{
    position?: string
    title?: string
    description?: string
    level1?: string
    level2?: string
    level3?: string
    level4?: string
    level5?: string
    weight?: string
    jury?: string
  }>
  reason?: string
}

/** The eligibility rules and the criteria grid: each criterion with its five plain-language levels. */
export function GridFormFields({ defaults, errors, needsReason }: { defaults: GridFormDefaults; errors: Errors; needsReason: boolean }) {
  // Rows keep their index (error messages are keyed by it); one empty row at the end adds a criterion.
  const given: NonNullable<GridFormDefaults['criteria']> = (defaults.criteria ?? []).map((row) => row ?? {})
  while (given.length && !Object.entries(given.at(-1)!).some(([key, value]) => key !== 'position' && value)) given.pop()
  const rows = [...given, {}]
  return (
    <>
      {needsReason ? (
        <TextAreaField
          label="Motif de la nouvelle version"
          hint="L’appel est ouvert : votre modification crée une nouvelle version de la grille, publiée avec ce motif et gardée dans le journal."
          name="reason"
          rows={2}
          defaultValue={defaults.reason}
          required
          errors={errors.reason}
          id="grille-motif"
        />
      ) : null}
      <div id="grille-types">
        <ChoiceField
          legend="Types de structure admis"
          name="eligibleKinds"
          type="checkbox"
          options={STRUCTURE_KINDS.map((kind) => ({ value: kind.value, label: kind.label }))}
          defaultValue={defaults.eligibleKinds ?? []}
          errors={errors.eligibleKinds}
        />
      </div>
      {errors.criteria?.length ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
          <p>{errors.criteria[0]}</p>
        </div>
      ) : null}
      {rows.map((row, index) => {
        const isNew = index === rows.length - 1
        const name = (field: string) => `criteria[${index}].${field}`
        const rowErrors = (field: string) => errors[name(field)]
        return (
          <fieldset key={index} className="fr-fieldset fr-mb-4w" aria-labelledby={`critere-${index}`}>
            <legend className="fr-fieldset__legend fr-h5" id={`critere-${index}`}>
              {isNew ? 'Ajouter un critère' : `Critère ${index + 1}${row.title ? ` : ${row.title}` : ' (vide : il sera supprimé)'}`}
              <span className="fr-hint-text">{isNew ? 'Laissez vide si vous n’en ajoutez pas.' : 'Videz tous les champs de ce critère pour le supprimer.'}</span>
            </legend>
            <div className="fr-fieldset__element">
              <TextField label="Ordre d’affichage" name={name('position')} type="number" min={1} max={99} defaultValue={row.position ?? String(index + 1)} errors={rowErrors('position')} id={`critere-${index}-ordre`} />
              <TextField label="Nom du critère" name={name('title')} defaultValue={row.title} errors={rowErrors('title')} id={`critere-${index}-nom`} />
              <TextAreaField label="Description en une phrase" name={name('description')} rows={2} defaultValue={row.description} errors={rowErrors('description')} id={`critere-${index}-description`} />
              {([1, 2, 3, 4, 5] as const).map((level) => (
                <TextField
                  key={level}
                  label={`Niveau ${level}${level === 1 ? ' (le plus faible)' : level === 5 ? ' (le meilleur)' : ''}`}
                  name={name(`level${level}`)}
                  defaultValue={row[`level${level}`]}
                  errors={rowErrors(`level${level}`)}
                  id={`critere-${index}-niveau-${level}`}
                />
              ))}
              <TextField label="Poids (de 1 à 10)" name={name('weight')} type="number" min={1} max={10} defaultValue={row.weight} errors={rowErrors('weight')} id={`critere-${index}-poids`} />
              <SelectField
                label="Jury qui note ce critère"
                name={name('jury')}
                options={Object.entries(JURY_LABELS).map(([value, label]) => ({ value, label }))}
                placeholder="Choisir"
                defaultValue={row.jury ?? ''}
                errors={rowErrors('jury')}
                id={`critere-${index}-jury`}
              />
            </div>
          </fieldset>
        )
      })}
    </>
  )
}
