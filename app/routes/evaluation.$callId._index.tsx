import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { requireJuryMember } from '#app/accelerator/scoring/access.server.ts'
import { acceptCharter, needsCharter } from '#app/accelerator/scoring/panel.server.ts'
import { reviewerQueue } from '#app/accelerator/scoring/reviews.server.ts'
import { JURY_LABELS } from '#app/accelerator/scoring/types.ts'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Mes évaluations – ${data.call.title}` : 'Mes évaluations') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { user, jury, call } = await requireJuryMember(context, request, params.callId ?? '')
  const charter = await needsCharter(context.db, user, call.id)
  const queue = charter ? { items: [], done: 0, total: 0 } : await reviewerQueue(context.db, user, call.id)
  return json({
    call: { id: call.id, title: call.title, state: call.state, deadline: call.review_deadline },
    jury,
    juryLabel: JURY_LABELS[jury],
    charter,
    queue,
  })
}

const CHARTER_REFUSED = 'Cochez la case pour accepter la charte : sans elle, les candidatures restent cachées.'
const CharterSchema = z.object({ intent: z.literal('accept_charter'), accepte: z.literal('oui', { error: CHARTER_REFUSED }) })

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, call } = await requireJuryMember(context, request, params.callId ?? '')
  const submission = parseWithZod(await readForm(request, context), { schema: CharterSchema })
  if (submission.status !== 'success') {
    return json({ message: submission.payload.intent === 'accept_charter' ? CHARTER_REFUSED : 'Action inconnue.' }, { status: 400 })
  }
  await acceptCharter(context.db, user, call.id)
  return redirect(`/evaluation/${call.id}?charte=1`)
}

const STATUS = {
  todo: { label: 'À faire', severity: 'new' },
  draft: { label: 'Brouillon', severity: 'info' },
  submitted: { label: 'Envoyée', severity: 'success' },
} as const

export default function ReviewerQueue() {
  const { call, juryLabel, charter, queue } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Mes évaluations – {call.title}</h1>
      <p>
        Vous faites partie du {juryLabel.toLowerCase()}.{' '}
        <Link to={`/evaluation/${call.id}/guide`}>Lire le guide des critères</Link>
      </p>
      {charter ? (
        <section aria-labelledby="charte" className="fr-mb-4w">
          <h2 id="charte">Charte du panel citoyen</h2>
          <p>Avant de découvrir les projets, lisez et acceptez ces engagements :</p>
          <ul>
            <li>Confidentialité : je ne partage ni les projets ni les évaluations en dehors du panel.</li>
            <li>Impartialité : j’évalue chaque projet avec les mêmes critères, sans parti pris.</li>
            <li>
              Conflits d’intérêts : si je connais une personne ou une structure qui porte un projet, je le signale et je ne l’évalue pas.
            </li>
          </ul>
          <FormErrors errors={actionData?.message ? [actionData.message] : null} title="La charte n’est pas acceptée" />
          <SecureForm method="post">
            <input type="hidden" name="intent" value="accept_charter" />
            <div className="fr-checkbox-group fr-mb-2w">
              <input type="checkbox" id="accepte-charte" name="accepte" value="oui" />
              <label className="fr-label" htmlFor="accepte-charte">
                J’ai lu la charte et je m’engage à la respecter
              </label>
            </div>
            <button type="submit" className="fr-btn">
              Accepter la charte
            </button>
          </SecureForm>
        </section>
      ) : (
        <>
          <p className="fr-text--lead">
            {queue.done} évaluation{queue.done > 1 ? 's' : ''} sur {queue.total}
          </p>
          {call.deadline ? <p>Les évaluations sont attendues jusqu’au {formatDateAtTime(call.deadline)}.</p> : null}
          {call.state !== 'en_evaluation' ? (
            <div className="fr-alert fr-alert--info fr-alert--sm fr-mb-3w">
              <p>L’évaluation est terminée : vous pouvez relire vos évaluations, plus les modifier.</p>
            </div>
          ) : null}
          {queue.total === 0 ? (
            <div className="fr-callout">
              <p className="fr-callout__text">Aucune candidature ne vous est confiée pour le moment. L’équipe du programme vous préviendra.</p>
            </div>
          ) : (
            <div className="fr-table">
              <table>
                <caption>Candidatures à évaluer</caption>
                <thead>
                  <tr>
                    <th scope="col">Référence</th>
                    <th scope="col">Projet</th>
                    <th scope="col">Mon évaluation</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.items.map((item) => (
                    <tr key={item.applicationId}>
                      <td>{item.reference}</td>
                      <td>
                        <Link to={`/evaluation/${call.id}/${item.applicationId}`}>{item.title}</Link>
                      </td>
                      <td>
                        <p className={`fr-badge fr-badge--sm fr-badge--${STATUS[item.status].severity}`}>{STATUS[item.status].label}</p>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  )
}
