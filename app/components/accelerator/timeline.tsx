import { formatDateAtTime } from '#app/utils/format.ts'

export interface TimelineEntry {
  id: number
  label: string
  at: string | Date
  who: string
  motivation: string | null
}

/** What happened to an application, oldest first. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  if (!entries.length) return <p>Aucun événement pour le moment.</p>
  return (
    <ol className="aic-timeline">
      {entries.map((entry) => (
        <li key={entry.id}>
          <p className="fr-mb-0">
            <strong>{entry.label}</strong>
          </p>
          <p className="fr-text--sm fr-mb-0">
            {formatDateAtTime(entry.at)} · {entry.who}
          </p>
          {entry.motivation ? <p className="fr-text--sm fr-mb-0">Motif : {entry.motivation}</p> : null}
        </li>
      ))}
    </ol>
  )
}
