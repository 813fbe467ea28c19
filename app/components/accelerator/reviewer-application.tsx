import { REVIEWER_SECTIONS } from '#app/accelerator/scoring/reviewer-view.ts'
import type { Answers } from '#app/accelerator/applications/application-form.ts'
import { SectionAnswers } from './answers-view.tsx'

/**
 * An application as jurors read it: the evaluation page and the leaders' preview (« Ce que verront
 * les jurys ») render this same component from `reviewerAnswers` (decision 097).
 */
export function ReviewerApplication({ answers, headingLevel = 3 }: { answers: Answers; headingLevel?: 2 | 3 }) {
  return (
    <>
      {REVIEWER_SECTIONS.map((section) => (
        <SectionAnswers key={section.key} section={section} answers={answers} headingLevel={headingLevel} />
      ))}
    </>
  )
}
