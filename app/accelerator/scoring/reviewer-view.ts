// What a juror reads of an application (decision 097): the evaluation page and the leaders'
// « Ce que verront les jurys » preview both go through here, so the two cannot drift.
import { SECTIONS, type Answers } from '../applications/application-form.ts'

/** Sections jurors never read: the contact people (names, e-mails, phones) stay with the programme team. */
export const HIDDEN_FROM_REVIEWERS = ['contacts'] as const

/** The sections a juror reads, in the form's order. */
export const REVIEWER_SECTIONS = SECTIONS.filter((section) => !(HIDDEN_FROM_REVIEWERS as readonly string[]).includes(section.key))

/** The answers as a juror receives them: the hidden sections are not sent to the page at all. */
export function reviewerAnswers(answers: Answers): Answers {
  const visible: Answers = { ...answers }
  for (const key of HIDDEN_FROM_REVIEWERS) delete visible[key]
  return visible
}
