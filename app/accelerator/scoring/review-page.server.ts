// What a juror's review page shows (app/routes/evaluation.$callId.$applicationId.tsx): the application
// as reviewers read it, the jury's criteria or mentions, the juror's own review and, once theirs is
// sent, the others of the jury.
import type { Db } from '#db/client.ts'
import { projectTitle, type Answers } from '../applications/application-form.ts'
import { reviewerAnswers } from './reviewer-view.ts'
import type { requireJuryMember } from './access.server.ts'
import { findOwnReview, juryCriteriaOf, juryMode, visibleOtherReviews } from './reviews.server.ts'

type JuryMember = Awaited<ReturnType<typeof requireJuryMember>>

export async function reviewPage(db: Db, { user, jury, call }: JuryMember, applicationId: string) {
  const application = await db.selectFrom('applications').select(['id', 'reference', 'answers']).where('id', '=', applicationId).executeTakeFirstOrThrow()
  // The same view as the leaders' « Ce que verront les jurys » preview (decision 097).
  const answers = reviewerAnswers(application.answers as Answers)
  const [criteria, review, others] = await Promise.all([
    juryCriteriaOf(db, call.id, jury),
    findOwnReview(db, user.id, applicationId),
    visibleOtherReviews(db, user, call, applicationId, jury),
  ])
  return {
    call: { id: call.id, title: call.title, open: call.state === 'en_evaluation' },
    jury,
    mode: juryMode(call, jury),
    id: application.id,
    reference: application.reference,
    title: projectTitle(application.answers as Answers),
    answers,
    criteria,
    review: review
      ? {
          status: review.status,
          scores: review.scores,
          mention: review.mention,
          confidence: review.confidence,
          commentTeam: review.comment_team,
          commentLeader: review.comment_leader,
          submittedAt: review.submitted_at,
        }
      : null,
    others: {
      unlocked: others.unlocked,
      reviews: others.reviews.map((r) => ({ id: r.id, jury: r.jury, scores: r.scores, mention: r.mention, commentTeam: r.comment_team, commentLeader: r.comment_leader })),
    },
  }
}
