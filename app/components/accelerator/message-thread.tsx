import { Link } from '@remix-run/react'
import { ATTACHMENTS_SECTION, attachmentKindWord, fieldId, sectionByKey } from '#app/accelerator/applications/application-form.ts'
import { formatDateAtTime } from '#app/utils/format.ts'

export interface ThreadMessage {
  id: string
  body: string
  fromTeam: boolean
  fields: Array<{ section: string; field: string }>
  at: string | Date
  author: string
}

/** A conversation between leaders and the instruction team; correction requests link to their fields. */
export function MessageThread({ messages, applicationId, emptyText, linkFields = true }: { messages: ThreadMessage[]; applicationId: string; emptyText: string; linkFields?: boolean }) {
  if (!messages.length) return <p>{emptyText}</p>
  return (
    <ol className="fr-raw-list">
      {messages.map((message) => (
        <li key={message.id} className={`aic-message${message.fromTeam ? ' aic-message--team' : ''}`}>
          <p className="fr-text--sm fr-mb-1w">
            <strong>{message.author}</strong> · {formatDateAtTime(message.at)}
          </p>
          <p className="fr-mb-0">{message.body}</p>
          {message.fields.length ? (
            <>
              <p className="fr-text--sm fr-mt-1w fr-mb-0">Champs à corriger :</p>
              <ul className="fr-text--sm">
                {message.fields.map((f) => {
                  const section = sectionByKey(f.section)
                  const label =
                    f.section === ATTACHMENTS_SECTION.key
                      ? `${ATTACHMENTS_SECTION.title} – ${attachmentKindWord(f.field)}`
                      : `${section?.title ?? f.section} – ${section?.fields.find((x) => x.name === f.field)?.label ?? f.field}`
                  const href =
                    f.section === ATTACHMENTS_SECTION.key
                      ? `/mes-candidatures/${applicationId}/${ATTACHMENTS_SECTION.slug}`
                      : `/mes-candidatures/${applicationId}/${section?.slug}#${fieldId(f.section, f.field)}`
                  return <li key={`${f.section}.${f.field}`}>{linkFields ? <Link to={href}>{label}</Link> : label}</li>
                })}
              </ul>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
