import { Link } from '@remix-run/react'
import { SecureForm } from '#app/components/forms.tsx'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'

export interface TeamMember {
  userId: string
  role: 'leader' | 'co_leader'
  name: string
  email: string
  partDoneAt: string | null
}

export interface PendingInvitation {
  id: string
  email: string
  expiresAt: string
  canRevoke: boolean
}

function MemberActions({ member, me, isOwner, base }: { member: TeamMember; me: string; isOwner: boolean; base: string }) {
  if (member.role === 'leader') return null
  if (member.userId === me) {
    return (
      <Link className="fr-btn fr-btn--sm fr-btn--tertiary fr-mt-1w" to={`${base}?quitter=1`}>
        Quitter la candidature
      </Link>
    )
  }
  if (!isOwner) return null
  return (
    <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-mt-1w">
      <li>
        <Link className="fr-btn fr-btn--sm fr-btn--secondary" to={`${base}?confier=${member.userId}`}>
          Confier la candidature à {member.name}
        </Link>
      </li>
      <li>
        <SecureForm method="post">
          <input type="hidden" name="intent" value="remove_member" />
          <input type="hidden" name="userId" value={member.userId} />
          <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary">
            Retirer {member.name}
          </button>
        </SecureForm>
      </li>
    </ul>
  )
}

/** The people writing the application, who has finished their part, and what the viewer may do. */
export function TeamMembers({ members, me, isOwner, base }: { members: TeamMember[]; me: string; isOwner: boolean; base: string }) {
  return (
    <section aria-labelledby="membres" className="fr-mb-6w">
      <h2 id="membres">Personnes qui rédigent la candidature</h2>
      <ul>
        {members.map((member) => (
          <li key={member.userId} className="fr-mb-2w">
            <strong>{member.name}</strong>
            {member.name !== member.email ? ` (${member.email})` : ''}
            {member.role === 'leader' ? ' – responsable de la candidature' : ' – co-porteur'}
            {member.userId === me ? ' – vous' : ''}
            {member.role === 'co_leader' ? (
              <p className="fr-text--sm fr-mb-0">
                {member.partDoneAt ? `A terminé sa partie le ${formatDateAtTime(member.partDoneAt)}.` : 'N’a pas encore indiqué avoir terminé sa partie.'}
              </p>
            ) : null}
            <MemberActions member={member} me={me} isOwner={isOwner} base={base} />
          </li>
        ))}
      </ul>
    </section>
  )
}

export function PendingInvitations({ invitations }: { invitations: PendingInvitation[] }) {
  if (!invitations.length) return null
  return (
    <section aria-labelledby="invitations" className="fr-mb-6w">
      <h2 id="invitations">Invitations en attente</h2>
      <p>Une invitation annulée ne fonctionne plus : la personne qui ouvrirait le lien apprend qu’il a été annulé.</p>
      <ul>
        {invitations.map((invitation) => (
          <li key={invitation.id} className="fr-mb-1w">
            {invitation.email} – valable jusqu’au {formatDate(invitation.expiresAt)}
            {invitation.canRevoke ? (
              <SecureForm method="post" className="fr-mt-1w">
                <input type="hidden" name="intent" value="cancel_invitation" />
                <input type="hidden" name="invitationId" value={invitation.id} />
                <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary">
                  Annuler l’invitation de {invitation.email}
                </button>
              </SecureForm>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
