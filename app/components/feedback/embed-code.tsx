import { useEffect, useState } from 'react'

/** A read-only code block with a copy button (the button appears once JavaScript runs). */
export function EmbedCodeBlock({ id, code, label, hint }: { id: string; code: string; label: string; hint?: string }) {
  const [canCopy, setCanCopy] = useState(false)
  const [status, setStatus] = useState('')
  useEffect(() => setCanCopy(Boolean(navigator.clipboard)), [])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code)
      setStatus('Code copié dans le presse-papiers.')
    } catch {
      setStatus('La copie automatique n’a pas fonctionné : sélectionnez le code et copiez-le (Ctrl + C).')
    }
  }
  return (
    <div className="fr-input-group">
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint ? <span className="fr-hint-text">{hint}</span> : null}
      </label>
      <textarea className="fr-input aic-embed-code" id={id} readOnly rows={code.split('\n').length + 1} value={code} onFocus={(event) => event.currentTarget.select()} />
      {canCopy ? (
        <button type="button" className="fr-btn fr-btn--sm fr-btn--secondary fr-icon-clipboard-line fr-btn--icon-left fr-mt-1w" onClick={copy} aria-describedby={`${id}-etat`}>
          Copier le code
        </button>
      ) : null}
      <p className="fr-text--sm fr-mt-1w fr-mb-0" id={`${id}-etat`} role="status">
        {status}
      </p>
    </div>
  )
}
