import { Link } from '@remix-run/react'
import { SecureForm } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'

export interface MissingSection {
  title: string
  slug: string
  items: Array<{ field: string; label: string; message: string; href: string }>
}

/** Every item that blocks the deposit, section by section, each a link to its field. */
export function MissingItems({ problems }: { problems: MissingSection[] }) {
  return (
    <>
      {problems.map((section) => (
        <section key={section.slug} aria-labelledby={`manque-${section.slug}`} className="fr-mb-3w">
          <h2 id={`manque-${section.slug}`} className="fr-h5">
            {section.title}
          </h2>
          <ul>
            {section.items.map((item) => (
              <li key={item.field}>
                <Link to={item.href}>{item.label}</Link> : {item.message}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  )
}

interface TeamMemberStatus {
  userId: string
  role: 'leader' | 'co_leader'
  name: string
  partDoneAt: string | null
}

/** Where each co-leader stands (« a terminé sa partie »); nothing when the owner writes alone. */
export function TeamProgress({ team }: { team: TeamMemberStatus[] }) {
  const coLeaders = team.filter((member) => member.role === 'co_leader')
  if (!coLeaders.length) return null
  return (
    <section aria-labelledby="equipe" className="fr-mb-4w">
      <h2 id="equipe" className="fr-h5">
        Où en sont les co-porteurs
      </h2>
      <ul>
        {coLeaders.map((member) => (
          <li key={member.userId}>
            {member.name} : {member.partDoneAt ? `a terminé sa partie le ${formatDateAtTime(member.partDoneAt)}` : 'partie en cours'}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** A co-leader's « j'ai terminé ma partie », and the way back. */
export function PartDone({ doneAt }: { doneAt: string | null }) {
  return (
    <section aria-labelledby="ma-partie" className="fr-mb-4w">
      <h2 id="ma-partie" className="fr-h5">
        Ma partie
      </h2>
      {doneAt ? (
        <>
          <p>Vous avez indiqué avoir terminé votre partie le {formatDateAtTime(doneAt)}. Vous pouvez toujours modifier la candidature.</p>
          <SecureForm method="post">
            <input type="hidden" name="intent" value="resume_part" />
            <button type="submit" className="fr-btn fr-btn--secondary">
              Je reprends ma partie
            </button>
          </SecureForm>
        </>
      ) : (
        <>
          <p>Quand vous avez fini ce qui vous revient, dites-le : la personne responsable de la candidature est prévenue par e-mail.</p>
          <SecureForm method="post">
            <input type="hidden" name="intent" value="finish_part" />
            <button type="submit" className="fr-btn fr-btn--secondary">
              J’ai terminé ma partie
            </button>
          </SecureForm>
        </>
      )}
    </section>
  )
}
