import { COMMITTEE_DECISION_LABELS, COMMITTEE_KIND_LABELS } from '#app/accelerator/mentoring/mentoring.ts'
import { formatEuros } from '#app/utils/format.ts'
import { Section } from './form-parts.tsx'
import type { ProjectRecordView, TimelineEventView } from './types.ts'
import { formatDay } from '#app/utils/days.ts'

/** The committees the project is on, with their decisions. */
export function CommitteesSection({ items }: { items: ProjectRecordView['committeeItems'] }) {
  return (
    <Section id="comites" title="Comités">
      {items.length ? (
        <ul>
          {items.map((item) => (
            <li key={item.id}>
              {COMMITTEE_KIND_LABELS[item.kind]} du {formatDay(item.held_on)} :{' '}
              {item.decision ? (
                <>
                  {COMMITTEE_DECISION_LABELS[item.decision]}
                  {item.amount_euros ? `, ${formatEuros(item.amount_euros)}` : ''} – {item.motivation}
                </>
              ) : (
                'décision à venir'
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>Le projet n’est inscrit à aucun comité pour le moment.</p>
      )}
    </Section>
  )
}

/** Everything recorded on the project, newest first. */
export function TimelineSection({ events }: { events: TimelineEventView[] }) {
  return (
    <Section id="chronologie" title="Chronologie">
      {events.length ? (
        <ol className="fr-raw-list">
          {events.map((event, index) => (
            <li key={index} className="fr-mb-1w">
              <strong>{formatDay(event.day)}</strong> – {event.label}
            </li>
          ))}
        </ol>
      ) : (
        <p>Rien n’est encore enregistré.</p>
      )}
    </Section>
  )
}
