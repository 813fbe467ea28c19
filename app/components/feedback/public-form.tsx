// The public form « Je donne mon avis », step by step. Plain HTML forms: everything works
// without JavaScript, by keyboard and with a screen reader; JavaScript only adds conveniences
// (exclusive « Je n'ai pas eu besoin d'aide », messages to the page that frames the form).
import { Form, Link, useActionData, useNavigation } from '@remix-run/react'
import { useEffect, useId, useRef, type ReactNode } from 'react'
import { HoneypotInputs } from 'remix-utils/honeypot/react'
import { FieldErrors, FormErrors, TextAreaField, TextField } from '#app/components/forms.tsx'
import {
  CLARITY_CHOICES,
  CLARITY_QUESTION,
  COMMENT_MAX,
  COMMENT_NOTICE,
  COMMENT_QUESTION,
  CONTACT_HINT,
  CONTACT_QUESTION,
  HELP_CHANNELS,
  HELP_QUESTION,
  NO_HELP_CODE,
  NO_HELP_LABEL,
  QUALITY_CHOICES,
  QUALITY_QUESTION,
  REACHED_QUESTION,
  SATISFACTION_CHOICES,
  SATISFACTION_QUESTION,
  type StepName,
} from '#app/feedback/questionnaire.ts'

export type FormPresentation = 'page' | 'integration' | 'sourire'

export const EMBED_MESSAGE_SOURCE = 'je-donne-mon-avis'

/** Tells the page that frames this one (if any, and only its allowed origin) what happens. */
export function EmbedBridge({ origine, placementId, event }: { origine: string | null; placementId: string | null; event: 'step' | 'done' }) {
  useEffect(() => {
    if (!origine || window.parent === window) return
    const post = (type: string, extra: Record<string, unknown> = {}) =>
      window.parent.postMessage({ source: EMBED_MESSAGE_SOURCE, type, placementId, ...extra }, origine)
    post(event)
    const resize = () => post('resize', { height: Math.ceil(document.documentElement.getBoundingClientRect().height) })
    resize()
    const observer = new ResizeObserver(resize)
    observer.observe(document.body)
    return () => observer.disconnect()
  }, [origine, placementId, event])
  return null
}

export function closeFrame(origine: string | null, placementId: string | null) {
  if (origine && window.parent !== window) window.parent.postMessage({ source: EMBED_MESSAGE_SOURCE, type: 'close', placementId }, origine)
}

const STEP_TITLES: Record<StepName, string> = {
  satisfaction: 'Votre avis général',
  clarte: 'Les informations',
  aide: 'L’aide',
  'aide-suite': 'L’aide',
  commentaire: 'Pour finir',
}

export function Stepper({ index, count, step, nextTitle }: { index: number; count: number; step: StepName; nextTitle?: string | null }) {
  return (
    <div className="fr-stepper">
      <h2 className="fr-stepper__title">
        {STEP_TITLES[step]}
        <span className="fr-stepper__state">{`Étape ${index} sur ${count}`}</span>
      </h2>
      <div className="fr-stepper__steps" data-fr-current-step={index} data-fr-steps={count}></div>
      {nextTitle ? (
        <p className="fr-stepper__details">
          <span className="fr-text--bold">Étape suivante :</span> {nextTitle}
        </p>
      ) : null}
    </div>
  )
}

export function FormShell({ presentation, title, lead, children }: { presentation: FormPresentation; title: string; lead?: ReactNode; children: ReactNode }) {
  if (presentation === 'page') {
    return (
      <div className="fr-container fr-py-6w">
        <div className="fr-grid-row fr-grid-row--center">
          <div className="fr-col-12 fr-col-md-10 fr-col-lg-8">
            <h1>{title}</h1>
            {lead ? <p className="fr-text--lead">{lead}</p> : null}
            {children}
          </div>
        </div>
      </div>
    )
  }
  return (
    <div className="aic-embed">
      <h1 className="fr-h4 fr-mb-1w">{title}</h1>
      {lead ? <p className="fr-text--sm fr-mb-2w">{lead}</p> : null}
      {children}
    </div>
  )
}

const MOUTHS: Record<string, string> = {
  'tres-bien': 'M8 14.5c1.2 1.6 2.5 2.3 4 2.3s2.8-.7 4-2.3',
  moyen: 'M8.5 15.5h7',
  'pas-bien': 'M8 16.8c1.2-1.6 2.5-2.3 4-2.3s2.8.7 4 2.3',
}

/** A drawn face (emoji fonts are missing on some systems), decorative: the label says it. */
export function Face({ mood }: { mood: string }) {
  return (
    <svg className="aic-face" width="24" height="24" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <circle cx="8.8" cy="9.5" r="1.3" fill="currentColor" />
      <circle cx="15.2" cy="9.5" r="1.3" fill="currentColor" />
      <path d={MOUTHS[mood]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
    </svg>
  )
}

/** Step 1: three buttons, one click records the answer (the smiley uses the same form). */
export function SatisfactionForm({
  placementId,
  reviewId,
  versionId,
  shownAt,
  source,
  retour,
  origine,
  error,
  compact = false,
  preview = false,
}: {
  placementId: string
  reviewId: string
  versionId: string
  /** When the page was shown (ms since 1970), for the spam score's low bound on the time to answer. */
  shownAt?: string
  source: string
  retour: FormPresentation
  origine: string | null
  error: { message: string; field: boolean } | null
  compact?: boolean
  /** A preview for the team: the buttons do nothing. */
  preview?: boolean
}) {
  const legendId = useId()
  const errorId = `${legendId}-erreur`
  return (
    // A native post to the ingest endpoint (a lean handler, see app/feedback/ingest.server.ts).
    <Form method="post" action={`/integration/avis/${placementId}`} reloadDocument>
      <HoneypotInputs label="Ne remplissez pas ce champ" />
      <input type="hidden" name="avis" value={reviewId} />
      <input type="hidden" name="version" value={versionId} />
      {shownAt ? <input type="hidden" name="affiche" value={shownAt} /> : null}
      <input type="hidden" name="source" value={source} />
      <input type="hidden" name="retour" value={retour} />
      {origine ? <input type="hidden" name="origine" value={origine} /> : null}
      <fieldset
        className={`fr-fieldset${error?.field ? ' fr-fieldset--error' : ''}`}
        aria-labelledby={`${legendId}${error?.field ? ` ${errorId}` : ''}`}
      >
        <legend className={`fr-fieldset__legend${compact ? ' fr-text--md' : ''}`} id={legendId}>
          {SATISFACTION_QUESTION}
        </legend>
        <div className="fr-fieldset__element">
          <ul className={`fr-btns-group fr-btns-group--inline${compact ? ' fr-btns-group--sm' : ''} aic-faces`}>
            {SATISFACTION_CHOICES.map((choice) => (
              <li key={choice.code}>
                <button type={preview ? 'button' : 'submit'} name="satisfaction" value={choice.code} className="fr-btn fr-btn--secondary">
                  <Face mood={choice.code} />
                  {choice.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
        <FieldErrors id={errorId} errors={error?.field ? [error.message] : []} />
      </fieldset>
    </Form>
  )
}

interface StepData {
  placementId: string
  reviewId: string
  token: string
  step: StepName
  origine: string | null
  answers: {
    clarity: number | null
    channels: string[]
    reached: string | null
    quality: number | null
    comment: string | null
    contact: string | null
  }
}

type StepActionData = { result: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> | null } | null; message: string | null } | undefined

/** After a refused answer, show what the person sent (not the stored answer). */
function answersShown(data: StepData, actionData: StepActionData): StepData['answers'] {
  const sent = actionData?.result?.initialValue
  if (!sent) return data.answers
  const text = (key: string) => (typeof sent[key] === 'string' ? (sent[key] as string) : null)
  const number = (key: string) => (text(key) && /^\d+$/.test(text(key)!) ? Number(text(key)) : null)
  const channels = Array.isArray(sent.channels) ? (sent.channels as string[]) : text('channels') ? [text('channels')!] : []
  return { clarity: number('clarity'), channels, reached: text('reached'), quality: number('quality'), comment: text('comment'), contact: text('contact') }
}

function RadioGroup({
  legend,
  name,
  options,
  defaultValue,
  errors,
  inline = false,
}: {
  legend: string
  name: string
  options: ReadonlyArray<{ value: string | number; label: string }>
  defaultValue: string | number | null
  errors?: string[] | null
  inline?: boolean
}) {
  const id = useId().replace(/:/g, '')
  const errorList = errors?.filter(Boolean) ?? []
  return (
    <fieldset
      className={`fr-fieldset${errorList.length ? ' fr-fieldset--error' : ''}`}
      aria-labelledby={`${id}-legende${errorList.length ? ` ${id}-erreur` : ''}`}
    >
      <legend className="fr-fieldset__legend" id={`${id}-legende`}>
        {legend}
      </legend>
      {options.map((option, index) => (
        <div key={option.value} className={`fr-fieldset__element${inline ? ' fr-fieldset__element--inline' : ''}`}>
          <div className="fr-radio-group">
            <input type="radio" id={`${id}-${index}`} name={name} value={option.value} defaultChecked={defaultValue !== null && String(defaultValue) === String(option.value)} />
            <label className="fr-label" htmlFor={`${id}-${index}`}>
              {option.label}
            </label>
          </div>
        </div>
      ))}
      <FieldErrors id={`${id}-erreur`} errors={errorList} />
    </fieldset>
  )
}

function HelpChannelsField({ defaultValue, errors }: { defaultValue: string[]; errors?: string[] | null }) {
  const id = useId().replace(/:/g, '')
  const ref = useRef<HTMLFieldSetElement>(null)
  const errorList = errors?.filter(Boolean) ?? []
  // « Je n'ai pas eu besoin d'aide » excludes the channels (the server checks it too).
  const onChange = (event: React.ChangeEvent<HTMLInputElement>) => {
    const boxes = ref.current?.querySelectorAll<HTMLInputElement>('input[type=checkbox]') ?? []
    if (!event.target.checked) return
    for (const box of boxes) {
      if (event.target.value === NO_HELP_CODE ? box.value !== NO_HELP_CODE : box.value === NO_HELP_CODE) box.checked = false
    }
  }
  return (
    <fieldset
      ref={ref}
      className={`fr-fieldset${errorList.length ? ' fr-fieldset--error' : ''}`}
      aria-labelledby={`${id}-legende${errorList.length ? ` ${id}-erreur` : ''}`}
    >
      <legend className="fr-fieldset__legend" id={`${id}-legende`}>
        {HELP_QUESTION}
        <span className="fr-hint-text">Plusieurs réponses possibles.</span>
      </legend>
      {HELP_CHANNELS.map((channel, index) => (
        <div key={channel.code} className="fr-fieldset__element">
          <div className="fr-checkbox-group">
            <input type="checkbox" id={`${id}-${index}`} name="channels" value={channel.code} defaultChecked={defaultValue.includes(channel.code)} onChange={onChange} />
            <label className="fr-label" htmlFor={`${id}-${index}`}>
              {channel.label}
            </label>
          </div>
        </div>
      ))}
      <div className="fr-fieldset__element">
        <p className="fr-text--sm fr-mb-1w" aria-hidden="true">
          ou
        </p>
        <div className="fr-checkbox-group">
          <input type="checkbox" id={`${id}-aucune`} name="channels" value={NO_HELP_CODE} defaultChecked={defaultValue.includes(NO_HELP_CODE)} onChange={onChange} />
          <label className="fr-label" htmlFor={`${id}-aucune`}>
            {NO_HELP_LABEL}
          </label>
        </div>
      </div>
      <FieldErrors id={`${id}-erreur`} errors={errorList} />
    </fieldset>
  )
}

/**
 * `nativeSubmit`: the framed form posts as a plain HTML form, with no client-side navigation, so that
 * nothing a third-party frame may lack (storage, a hydrated page, the route manifest) stands between
 * the click and the server (issue 17 #1).
 */
export function StepForm({ data, actionData, nativeSubmit = false }: { data: StepData; actionData: StepActionData; nativeSubmit?: boolean }) {
  const navigation = useNavigation()
  const errors = actionData?.result?.error ?? {}
  const busy = navigation.state === 'submitting'
  const formErrors = [...(actionData?.message ? [actionData.message] : []), ...(errors[''] ?? [])]
  const answers = answersShown(data, actionData)
  return (
    // The key resets the fields when the page shows another step or a refused answer.
    <Form method="post" noValidate reloadDocument={nativeSubmit} key={`${data.step}-${actionData ? JSON.stringify(actionData.result?.initialValue ?? null) : ''}`}>
      <HoneypotInputs label="Ne remplissez pas ce champ" />
      <input type="hidden" name="jeton" value={data.token} />
      <input type="hidden" name="etape" value={data.step} />
      {data.origine ? <input type="hidden" name="origine" value={data.origine} /> : null}
      <FormErrors errors={formErrors.length ? formErrors : null} title="Votre réponse n’a pas pu être enregistrée" />
      {data.step === 'clarte' ? (
        <RadioGroup legend={CLARITY_QUESTION} name="clarity" options={CLARITY_CHOICES} defaultValue={answers.clarity} errors={errors.clarity} />
      ) : null}
      {data.step === 'aide' ? <HelpChannelsField defaultValue={answers.channels} errors={errors.channels} /> : null}
      {data.step === 'aide-suite' ? (
        <>
          <RadioGroup
            legend={REACHED_QUESTION}
            name="reached"
            options={[
              { value: 'oui', label: 'Oui' },
              { value: 'non', label: 'Non' },
            ]}
            defaultValue={answers.reached}
            errors={errors.reached}
            inline
          />
          <RadioGroup
            legend={`${QUALITY_QUESTION} (si vous avez obtenu de l’aide)`}
            name="quality"
            options={QUALITY_CHOICES}
            defaultValue={answers.quality}
            errors={errors.quality}
          />
        </>
      ) : null}
      {data.step === 'commentaire' ? (
        <>
          <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
            <p>{COMMENT_NOTICE}</p>
          </div>
          <TextAreaField
            label={COMMENT_QUESTION}
            hint={`Facultatif. ${COMMENT_MAX.toLocaleString('fr-FR')} caractères au plus.`}
            name="comment"
            rows={5}
            dir="auto"
            defaultValue={answers.comment ?? ''}
            errors={errors.comment}
          />
          <TextField label={CONTACT_QUESTION} hint={CONTACT_HINT} name="contact" type="email" autoComplete="email" spellCheck={false} defaultValue={answers.contact ?? ''} errors={errors.contact} />
        </>
      ) : null}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        <li>
          <button type="submit" className="fr-btn" disabled={busy}>
            {data.step === 'commentaire' ? 'Envoyer mon avis' : 'Continuer'}
          </button>
        </li>
        <li>
          <button type="submit" name="passer" value="1" className="fr-btn fr-btn--tertiary" disabled={busy}>
            Passer cette question
          </button>
        </li>
      </ul>
    </Form>
  )
}

export function useStepActionData() {
  return useActionData() as StepActionData
}

export function ThanksContent({ thanks, presentation, origine, placementId }: { thanks: string; presentation: FormPresentation; origine: string | null; placementId: string | null }) {
  return (
    <>
      <div className="fr-alert fr-alert--success fr-mb-3w" role="status">
        <p>Votre avis est enregistré.</p>
      </div>
      <p>{thanks}</p>
      <p className="fr-text--sm">Votre avis est anonyme. Les équipes du service public le lisent pour améliorer la démarche.</p>
      {presentation === 'page' ? (
        <Link className="fr-btn fr-btn--secondary" to="/">
          Retour à l’accueil
        </Link>
      ) : origine ? (
        <button type="button" className="fr-btn fr-btn--secondary" onClick={() => closeFrame(origine, placementId)}>
          Fermer
        </button>
      ) : null}
    </>
  )
}
