import { displayValue, fieldId, type SectionDefinition, type SectionValues } from '#app/accelerator/applications/application-form.ts'
import { formatTime } from '#app/utils/format.ts'
import { failureBanner, type SaveFailure } from './save-retry.ts'
import { liveStatusText, saveStatusText, type SaveStatus, type SectionConflict } from './use-autosave.ts'

/**
 * How a conflict names the other member: their name, or « un autre porteur » when their account
 * is gone, capitalised at the start of a sentence and elided after « de » (« d’Inès »).
 */
export function otherAuthor(by: string | null) {
  const name = by ?? 'un autre porteur'
  return {
    subject: by ?? 'Un autre porteur',
    name,
    of: /^[aeiouyhàâäéèêëîïôöùûüœ]/i.test(name) ? `d’${name}` : `de ${name}`,
  }
}

export function ConflictAlert({
  conflict,
  section,
  mine,
  onKeepMine,
  onTakeTheirs,
}: {
  conflict: Pick<SectionConflict, 'by' | 'at' | 'theirs'>
  section: SectionDefinition
  mine: SectionValues | null
  onKeepMine?: () => void
  onTakeTheirs?: () => void
}) {
  const author = otherAuthor(conflict.by)
  const differing = section.fields.filter((field) => JSON.stringify(conflict.theirs[field.name] ?? '') !== JSON.stringify(mine?.[field.name] ?? ''))
  return (
    <div className="fr-alert fr-alert--warning fr-mb-3w" role="alert">
      <h2 className="fr-alert__title">
        {author.subject} a modifié cette section à {formatTime(conflict.at)}, pendant que vous écriviez
      </h2>
      <p>
        Pour ne rien écraser, vos dernières modifications n’ont pas été enregistrées. Elles sont toujours dans le formulaire ci-dessous : ne quittez pas la page
        sans avoir choisi. Comparez avec la version enregistrée par {author.name} :
      </p>
      {differing.length ? (
        <ul>
          {differing.map((field) => (
            <li key={field.name}>
              <strong>{field.label}</strong> : {displayValue(field, conflict.theirs[field.name]) || '(vide)'}
            </li>
          ))}
        </ul>
      ) : null}
      <p>Choisissez : enregistrer votre version (elle remplace la sienne), ou abandonner vos modifications et reprendre la sienne.</p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        {onKeepMine ? (
          <li>
            <button type="button" className="fr-btn fr-btn--secondary" onClick={onKeepMine}>
              Enregistrer ma version
            </button>
          </li>
        ) : null}
        <li>
          <a className="fr-btn fr-btn--tertiary" href={`?reprendre=${Date.now()}`} onClick={onTakeTheirs}>
            Reprendre la version {author.of}
          </a>
        </li>
      </ul>
    </div>
  )
}

/**
 * After « Enregistrer »: a draft keeps every value as typed, even one that is not valid yet, so
 * the notice says it was all kept and names what must still be corrected before the deposit.
 */
export function SavedNotice({
  notice,
  sectionKey,
}: {
  notice: { at: string; toFix: Array<{ name: string; label: string; message: string }> }
  sectionKey: string
}) {
  if (!notice.toFix.length) {
    return (
      <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
        <p>Section enregistrée à {formatTime(notice.at)}.</p>
      </div>
    )
  }
  const many = notice.toFix.length > 1
  return (
    <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w" role="status">
      <p>
        Section enregistrée à {formatTime(notice.at)}, avec {many ? `${notice.toFix.length} champs` : 'un champ'} à corriger avant le dépôt. Tout ce que vous
        avez saisi est gardé tel quel, {many ? 'y compris ces champs' : 'y compris ce champ'} :
      </p>
      <ul>
        {notice.toFix.map((item) => (
          <li key={item.name}>
            <a href={`#${fieldId(sectionKey, item.name)}`}>{item.label}</a> : {item.message}
          </li>
        ))}
      </ul>
    </div>
  )
}

/** A person removed from the application while writing: what they typed, to copy. */
export function UnsavedText({ section, values }: { section: SectionDefinition; values: SectionValues }) {
  return (
    <section aria-labelledby="texte-non-enregistre" className="fr-mb-4w">
      <h1 id="texte-non-enregistre" className="fr-h3">
        Votre texte non enregistré
      </h1>
      {section.fields
        .filter((field) => displayValue(field, values[field.name]))
        .map((field) => (
          <div key={field.name} className="fr-mb-2w">
            <p className="fr-text--bold fr-mb-0">{field.label}</p>
            <p className="aic-answer">{displayValue(field, values[field.name])}</p>
          </div>
        ))}
    </section>
  )
}

/**
 * A background save failed: this banner stays until the text is saved again. It says why, that
 * the text is kept, and what to do (sign in again, or nothing: it retries by itself).
 */
export function SaveFailureBanner({ failure, signIn, onRetry }: { failure: SaveFailure; signIn: string; onRetry: () => void }) {
  const { title, text } = failureBanner(failure)
  return (
    <div className="fr-alert fr-alert--error fr-mb-3w aic-save-failure" role="alert">
      <h2 className="fr-alert__title">{title}</h2>
      <p>{text}</p>
      <ul className="fr-btns-group fr-btns-group--inline-sm fr-mt-2w">
        {failure.kind === 'expired' ? (
          <li>
            <a className="fr-btn fr-btn--sm" href={signIn}>
              Se reconnecter
            </a>
          </li>
        ) : null}
        <li>
          <button type="button" className="fr-btn fr-btn--sm fr-btn--secondary" onClick={onRetry}>
            Réessayer maintenant
          </button>
        </li>
      </ul>
    </div>
  )
}

/** A copy found in this browser was put back in the form (and is being saved). */
export function RestoredNotice({ at }: { at: string }) {
  return (
    <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w" role="status">
      <p>
        Nous avons retrouvé dans ce navigateur le texte que vous aviez saisi à {formatTime(at)} et qui n’était pas enregistré : il est remis dans le formulaire
        et enregistré.
      </p>
    </div>
  )
}

/**
 * The status line under the form. Screen readers hear only what a save ended with (« Enregistré à
 * 14 h 32 », or why it failed), politely; that a save is on its way is only shown.
 */
export function SaveStatusLine({
  status,
  lastOutcome,
  toFixCount,
  savedLabel,
}: {
  status: SaveStatus
  lastOutcome: SaveStatus | null
  toFixCount: number
  savedLabel: string | null
}) {
  const busy = status.kind === 'dirty' || status.kind === 'saving'
  return (
    <>
      <p className="aic-save-status fr-text--sm fr-mb-0" aria-live="polite" role="status">
        {liveStatusText(status, lastOutcome, toFixCount, savedLabel)}
      </p>
      <p className="aic-save-status fr-text--xs fr-mb-2w" aria-hidden="true">
        {busy ? saveStatusText(status, toFixCount, null) : null}
      </p>
    </>
  )
}
