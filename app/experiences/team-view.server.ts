// What the team's page of one experience shows, computed on the server (the route stays thin).
import type { Db } from '#db/client.ts'
import { ANSWER_EDIT_MINUTES } from './labels.ts'
import { findForTeam, listPublicServices } from './experiences.server.ts'
import { refusalChoices } from './moderation.server.ts'
import { highlightFlagged } from './redaction.ts'
import { pendingTransferOf } from './transfers.server.ts'

const HISTORY_LABELS: Record<string, string> = {
  'experience.submitted': 'Expérience envoyée',
  'experience.published': 'Publiée',
  'experience.refused': 'Refusée',
  'experience.answered': 'Réponse publiée',
  'experience.answer-edited': 'Réponse corrigée',
  'experience.answer-amended': 'Réponse modifiée (après 30 minutes)',
  'experience.commented': 'Commentaire interne',
  'experience.reassigned': 'Réaffectée',
  'experience.linked-to-change': 'Liée à un changement',
  'experience.transfer-requested': 'Transfert demandé à une autre organisation',
  'experience.transfer-accepted': 'Transfert accepté',
  'experience.transfer-declined': 'Transfert refusé',
  'experience.me-too': '« Moi aussi » d’un usager',
}

export async function teamExperienceView(db: Db, service: { id: string; organisation_id: string }, experienceId: string | undefined, at: Date) {
  const found = await findForTeam(db, service.id, experienceId)
  if (!found) return null
  const { experience } = found
  const [allServices, choices, pendingTransfer] = await Promise.all([
    experience.status === 'refused' ? Promise.resolve([]) : listPublicServices(db),
    experience.status === 'pending' ? refusalChoices(db, service.organisation_id) : Promise.resolve([]),
    pendingTransferOf(db, experience.id),
  ])
  const others = allServices.filter((candidate) => candidate.id !== service.id)
  // « Moi aussi » entries are many and anonymous: counted on the page, not listed one by one.
  const history = found.history
    .filter((entry) => entry.action !== 'experience.me-too')
    .map((entry) => ({
      id: entry.id,
      created_at: entry.created_at,
      label: HISTORY_LABELS[entry.action] ?? entry.action,
      who: entry.display_name ?? entry.email ?? entry.actor_label ?? 'système',
    }))
  return {
    ...found,
    history,
    parts: experience.status === 'pending' ? highlightFlagged(experience.body) : [],
    editableAnswerIds: found.answers
      .filter((answer) => at.getTime() - new Date(answer.created_at).getTime() <= ANSWER_EDIT_MINUTES * 60 * 1000)
      .map((answer) => answer.id),
    services: others.map((s) => ({ value: s.id, label: `${s.name} (${s.organisation_name})` })),
    refusalChoices: choices,
    pendingTransfer: pendingTransfer ?? null,
  }
}
