import {
  ATTACHMENT_KINDS,
  displayValue,
  SECTIONS,
  type Answers,
  type SectionDefinition,
} from '#app/accelerator/applications/application-form.ts'
import { formatFileSize } from '#app/utils/format.ts'

/** One section's answers, read-only. */
export function SectionAnswers({ section, answers, headingLevel = 3 }: { section: SectionDefinition; answers: Answers; headingLevel?: 2 | 3 }) {
  const values = answers[section.key] ?? {}
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  const filled = section.fields.filter((field) => displayValue(field, values[field.name]) !== '')
  return (
    <section className="fr-mb-4w" aria-labelledby={`reponses-${section.key}`}>
      <Heading id={`reponses-${section.key}`} className="fr-h5">
        {section.title}
      </Heading>
      {filled.length === 0 ? (
        <p className="aic-muted">Section non remplie.</p>
      ) : (
        <dl>
          {filled.map((field) => (
            <div key={field.name} className="fr-mb-2w">
              <dt className="fr-text--bold fr-mb-0">
                {field.group ? `${field.group} – ` : ''}
                {field.label}
              </dt>
              <dd className="aic-answer fr-ml-0">{displayValue(field, values[field.name])}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  )
}

/** Every answer of an application, read-only (instruction page, receipt, read-only leader view). */
export function AnswersView({ answers, headingLevel = 3 }: { answers: Answers; headingLevel?: 2 | 3 }) {
  return (
    <>
      {SECTIONS.map((section) => (
        <SectionAnswers key={section.key} section={section} answers={answers} headingLevel={headingLevel} />
      ))}
    </>
  )
}

export interface AttachmentItem {
  id: string
  kind: string
  original_name: string
  size_bytes: number
}

/** Attachments with their download links (served only to people allowed to read them). */
export function AttachmentList({ files }: { files: AttachmentItem[] }) {
  if (!files.length) return <p>Aucune pièce jointe.</p>
  return (
    <ul>
      {files.map((file) => (
        <li key={file.id}>
          <a className="fr-link fr-link--download" href={`/pieces-jointes/${file.id}`} download>
            {file.original_name}
            <span className="fr-link__detail">
              {ATTACHMENT_KINDS.find((kind) => kind.value === file.kind)?.label ?? file.kind} – {formatFileSize(file.size_bytes)}
            </span>
          </a>
        </li>
      ))}
    </ul>
  )
}
