import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { notFound, requireRole } from '#app/auth/authorize.server.ts'
import { structureKindLabel } from '#app/accelerator/application-form.ts'
import { changeCallState, findCall, getGrid, gridHistory, openingProblems, setOpeningScheduled, submittedCount } from '#app/accelerator/calls.server.ts'
import { CALL_TRANSITIONS, callTransitionFrom, gridEditMode, isCallTransitionName } from '#app/accelerator/call-states.ts'
import { CallStateBadge } from '#app/components/accelerator/badges.tsx'
import { GridView, selectionRuleText } from '#app/components/accelerator/grid-view.tsx'
import { FormErrors, SecureForm } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatDate, formatDateAtTime } from '#app/utils/format.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.call.title ?? 'Appel à projets') }]

const ActionSchema = z.object({ intent: z.enum(['etat', 'programmer', 'deprogrammer']), transition: z.string().max(40).optional() })

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  const [grid, history, submitted, problems] = await Promise.all([
    getGrid(context.db, call.id),
    gridHistory(context.db, call.id),
    submittedCount(context.db, call.id),
    call.state === 'brouillon' ? openingProblems(context.db, call.id) : Promise.resolve([]),
  ])
  const next = callTransitionFrom(call.state)
  return json({
    call: {
      id: call.id,
      slug: call.slug,
      title: call.title,
      state: call.state,
      scheduled: call.opening_scheduled,
      opensAt: call.opens_at,
      closesAt: call.closes_at,
      resultsOn: call.results_on,
      places: call.places,
      rule: selectionRuleText(call),
      reviews: { admin: call.admin_reviews_per_application, citizen: call.citizen_reviews_per_application, gap: call.divergence_gap },
    },
    next: next ? { name: next, label: CALL_TRANSITIONS[next].label } : null,
    openingInFuture: call.opens_at.getTime() > now().getTime(),
    problems,
    gridMode: gridEditMode(call.state),
    grid: grid ? { version: grid.version, eligibleKinds: grid.eligibleKinds.map(structureKindLabel), criteria: grid.criteria } : null,
    history,
    submitted,
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  const call = await findCall(context.db, params.callId ?? '')
  if (!call) throw notFound()
  const parsed = ActionSchema.safeParse(Object.fromEntries(await readForm(request, context)))
  if (!parsed.success) return json({ message: 'Demande incorrecte.' }, { status: 400 })
  const { intent, transition } = parsed.data
  // Results are published from the deliberation page only (decisions, snapshot, e-mails: scoring-results.server.ts).
  if (intent === 'etat' && transition === 'publish_results') {
    return json({ message: 'Publiez les résultats depuis la page « Résultats et délibération » : elle vérifie que chaque candidature a sa décision.' }, { status: 409 })
  }
  const result =
    intent === 'etat'
      ? transition && isCallTransitionName(transition)
        ? await changeCallState(context.db, user, call.id, transition)
        : { ok: false as const, message: 'Action inconnue.' }
      : await setOpeningScheduled(context.db, user, call.id, intent === 'programmer')
  if (!result.ok) return json({ message: result.message }, { status: 409 })
  return redirect(`/equipe/appels/${call.id}?fait=${intent === 'etat' ? transition : intent}`)
}

const DONE: Record<string, string> = {
  open: 'L’appel est ouvert : sa page publique accepte les candidatures.',
  close: 'L’appel est clos : les candidatures ne sont plus acceptées.',
  start_evaluation: 'L’appel est passé en évaluation.',
  start_deliberation: 'L’appel est passé en délibération.',
  publish_results: 'Les résultats sont publiés.',
  programmer: 'L’ouverture est programmée : l’appel s’ouvrira tout seul à sa date d’ouverture. Il apparaît dès maintenant dans les appels à venir.',
  deprogrammer: 'L’ouverture programmée est annulée : l’appel redevient un brouillon non public.',
}

export default function TeamCall() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const done = params.get('fait')
  const { call } = data
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: '/equipe/appels', label: 'Appels à projets' }]} current={call.title} />
      <h1>{call.title}</h1>
      <CallStateBadge state={call.state} scheduled={call.scheduled} />
      {params.get('cree') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-my-3w" role="status">
          <p>L’appel est créé en brouillon. Vérifiez sa grille, puis ouvrez-le.</p>
        </div>
      ) : params.get('modifie') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-my-3w" role="status">
          <p>Modifications enregistrées.</p>
        </div>
      ) : params.get('grille') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-my-3w" role="status">
          <p>Grille enregistrée (version {params.get('grille')}).</p>
        </div>
      ) : done && DONE[done] ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-my-3w" role="status">
          <p>{DONE[done]}</p>
        </div>
      ) : null}
      <FormErrors errors={actionData?.message ? [actionData.message] : null} title="Action impossible" />

      <div className="fr-grid-row fr-grid-row--gutters fr-mt-2w">
        <div className="fr-col-12 fr-col-md-8">
          <section aria-labelledby="infos" className="fr-mb-4w">
            <h2 id="infos">En bref</h2>
            <ul>
              <li>Ouverture : {formatDateAtTime(call.opensAt)}</li>
              <li>Date limite : {formatDateAtTime(call.closesAt)}</li>
              <li>Résultats attendus le {formatDate(`${call.resultsOn}T12:00:00Z`)}</li>
              <li>{call.places} projets accompagnés au plus</li>
              <li>{data.submitted} candidature{data.submitted > 1 ? 's' : ''} déposée{data.submitted > 1 ? 's' : ''}</li>
              <li>
                Évaluations par candidature : {call.reviews.admin} de l’administration, {call.reviews.citizen} du panel citoyen ; écart
                signalé au-delà de {String(call.reviews.gap).replace('.', ',')} point(s)
              </li>
              <li>{call.rule}</li>
            </ul>
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/modifier`}>
                  Modifier les informations
                </Link>
              </li>
              <li>
                <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/grille`}>
                  {data.gridMode === 'frozen' ? 'Voir la grille' : 'Modifier la grille et l’éligibilité'}
                </Link>
              </li>
              {call.state !== 'brouillon' || call.scheduled ? (
                <li>
                  <Link className="fr-btn fr-btn--tertiary" to={`/appels/${call.slug}`}>
                    Voir la page publique
                  </Link>
                </li>
              ) : null}
              {call.state !== 'brouillon' ? (
                <li>
                  <Link className="fr-btn fr-btn--tertiary" to={`/instruction/${call.id}`}>
                    Voir les candidatures
                  </Link>
                </li>
              ) : null}
            </ul>
          </section>

          {call.state === 'ouvert' ? (
            <section aria-labelledby="selection" className="fr-mb-4w">
              <h2 id="selection">Sélection</h2>
              <p>Vous pouvez constituer les jurys pendant l’appel. L’affectation et les évaluations commenceront après la clôture.</p>
              <ul className="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/jurys`}>
                    Préparer les jurys
                  </Link>
                </li>
              </ul>
            </section>
          ) : null}
          {['clos', 'en_evaluation', 'en_deliberation', 'resultats_publies'].includes(call.state) ? (
            <section aria-labelledby="selection" className="fr-mb-4w">
              <h2 id="selection">Sélection</h2>
              <ul className="fr-btns-group fr-btns-group--inline-md">
                <li>
                  <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/jurys`}>
                    Jurys et conflits d’intérêts
                  </Link>
                </li>
                <li>
                  <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/affectation`}>
                    Affectation des évaluations
                  </Link>
                </li>
                <li>
                  <Link className="fr-btn fr-btn--secondary" to={`/equipe/appels/${call.id}/deliberation`}>
                    Résultats et délibération
                  </Link>
                </li>
              </ul>
            </section>
          ) : null}

          <section aria-labelledby="grille" className="fr-mb-4w">
            <h2 id="grille">Grille d’évaluation (version {data.grid?.version})</h2>
            <p>Types de structure admis : {data.grid?.eligibleKinds.join(', ') || 'aucun'}.</p>
            <GridView criteria={data.grid?.criteria ?? []} />
            {data.history.length > 1 ? (
              <>
                <h3>Versions de la grille</h3>
                <ul>
                  {data.history.map((version) => (
                    <li key={version.version}>
                      Version {version.version}, {formatDateAtTime(version.created_at)}
                      {version.author ? ` par ${version.author}` : ''}
                      {version.reason ? ` : ${version.reason}` : ''}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        </div>

        <div className="fr-col-12 fr-col-md-4">
          <section aria-labelledby="etat" className="fr-p-3w fr-background-alt--grey">
            <h2 id="etat" className="fr-h5">
              État de l’appel
            </h2>
            {call.state === 'brouillon' ? (
              <>
                {data.problems.length ? (
                  <>
                    <p>Avant de l’ouvrir :</p>
                    <ul>
                      {data.problems.map((problem) => (
                        <li key={problem}>{problem}</li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p>L’appel est prêt. Une fois ouvert, sa grille et ses règles d’éligibilité sont figées (une modification crée une nouvelle version).</p>
                )}
                {data.openingInFuture && !call.scheduled ? (
                  <SecureForm method="post" className="fr-mb-2w">
                    <input type="hidden" name="intent" value="programmer" />
                    <button type="submit" className="fr-btn fr-btn--secondary">
                      Programmer l’ouverture le {formatDateAtTime(call.opensAt)}
                    </button>
                  </SecureForm>
                ) : null}
                {call.scheduled ? (
                  <SecureForm method="post" className="fr-mb-2w">
                    <input type="hidden" name="intent" value="deprogrammer" />
                    <button type="submit" className="fr-btn fr-btn--tertiary">
                      Annuler l’ouverture programmée
                    </button>
                  </SecureForm>
                ) : null}
              </>
            ) : null}
            {data.next?.name === 'publish_results' ? (
              <Link className="fr-btn" to={`/equipe/appels/${call.id}/deliberation`}>
                Décider et publier les résultats
              </Link>
            ) : data.next ? (
              <SecureForm method="post">
                <input type="hidden" name="intent" value="etat" />
                <input type="hidden" name="transition" value={data.next.name} />
                {data.next.name === 'close' ? (
                  <p className="fr-text--sm">L’appel se clôt tout seul à sa date limite. Le clore maintenant empêche tout nouveau dépôt.</p>
                ) : null}
                <button type="submit" className={`fr-btn${data.next.name === 'close' ? ' fr-btn--secondary' : ''}`}>
                  {data.next.label}
                </button>
              </SecureForm>
            ) : (
              <p>Les résultats sont publiés : l’appel est terminé.</p>
            )}
            <p className="fr-text--sm fr-mt-2w">
              L’appel s’ouvre à sa date d’ouverture quand elle est programmée, et se clôt tout seul à sa date limite. Chaque changement
              est enregistré dans le journal des actions.
            </p>
          </section>
        </div>
      </div>
    </div>
  )
}
