// The forms of a juror's review page (app/routes/evaluation.$callId.$applicationId.tsx): one schema per
// intent, read by the action with conform and by the page for its constraints (no server-only import here).
import { z } from 'zod'
import { conflictKindCode } from './labels.ts'

export const ConflictSchema = z.object({
  // A page opened before migration 0026 posts `professionnel`…: read, and stored, as `professional`… (decision 115).
  kind: z.preprocess(conflictKindCode, z.enum(['personal', 'professional', 'financial', 'other'], { error: 'Choisissez le type de lien.' })),
  details: z.string({ error: 'Expliquez en une phrase.' }).trim().min(1, 'Expliquez en une phrase.').max(1000, '1 000 caractères au plus.'),
})

/**
 * The review form posts one `score-<criterion id>` field per criterion of the juror's jury: the criteria
 * are only known from the database, so these fields pass through (`catchall`) and `saveReview` checks them.
 */
export const ReviewActionSchema = z.discriminatedUnion('intent', [
  ConflictSchema.extend({ intent: z.literal('declare_conflict') }),
  z
    .object({
      intent: z.enum(['save_draft', 'submit']),
      mention: z.string().optional(),
      confidence: z.string().optional(),
      commentTeam: z.string().optional(),
      commentLeader: z.string().optional(),
    })
    .catchall(z.unknown()),
])
