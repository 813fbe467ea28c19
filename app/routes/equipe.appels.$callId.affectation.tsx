import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Breadcrumb } from '#app/components/breadcrumb.tsx'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { z } from 'zod'
import { assignmentOpen } from '#app/accelerator/calls/call-states.ts'
import { planAssignment, saveAssignment, setOverride } from '#app/accelerator/scoring/assignment.server.ts'
import { requireTeamOnScoredCall } from '#app/accelerator/scoring/access.server.ts'
import { declaredConflicts } from '#app/accelerator/scoring/panel.server.ts'
import { citizenPool } from '#app/accelerator/scoring/results.server.ts'
import { JURY_LABELS } from '#app/accelerator/scoring/types.ts'
import { FormErrors, SecureForm, SelectField } from '#app/components/forms.tsx'
import { firstFieldErrors, readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Affectation – ${data.call.title}` : 'Affectation') }]

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const [plan, declared] = await Promise.all([planAssignment(context.db, call, await citizenPool(context.db, call)), declaredConflicts(context.db, call.id)])
  const key = (a: string, r: string) => `${a}:${r}`
  const proposed = new Map(plan.result.assignments.map((a) => [key(a.applicationId, a.reviewerId), a.source]))
  const saved = new Set(plan.current.map((c) => key(c.applicationId, c.reviewerId)))
  const overrides = new Map(plan.overrides.map((o) => [key(o.applicationId, o.reviewerId), o.kind]))
  // The plan's conflicts are the declared ones plus the detected ones not dismissed (decision 099).
  const conflictSet = new Set(plan.conflicts.map((c) => key(c.applicationId, c.reviewerId)))
  const declaredSet = new Set(declared.map((c) => key(c.applicationId, c.reviewerId)))
  const cells: Record<string, 'forced' | 'automatic' | 'forbidden' | 'conflict' | 'detected' | ''> = {}
  for (const application of plan.applications) {
    for (const member of plan.members) {
      const k = key(application.id, member.userId)
      cells[k] = declaredSet.has(k) ? 'conflict' : conflictSet.has(k) ? 'detected' : overrides.get(k) === 'forbidden' ? 'forbidden' : (proposed.get(k) ?? '')
    }
  }
  const changed = plan.result.assignments.length !== saved.size || plan.result.assignments.some((a) => !saved.has(key(a.applicationId, a.reviewerId)))
  return json({
    call: { id: call.id, title: call.title, k: call.admin_reviews_per_application, m: call.citizen_reviews_per_application, state: call.state },
    status: plan.result.status,
    summary: plan.result.summary,
    shortfalls: plan.result.shortfalls.map((s) => s.message),
    issues: plan.result.overrideIssues.map((i) => i.message),
    balance: [
      `${JURY_LABELS.administration} : ${plan.result.balance.administration.explanation}`,
      `${JURY_LABELS.citizen} : ${plan.result.balance.citizen.explanation}`,
    ],
    loads: Object.fromEntries(plan.result.loads.map((l) => [l.reviewerId, l.load])),
    members: plan.members.map((m) => ({ id: m.userId, name: m.name, jury: m.jury, unavailable: m.unavailable })),
    applications: plan.applications,
    cells,
    detectedCount: [...conflictSet].filter((k) => !declaredSet.has(k)).length,
    savedCount: saved.size,
    changed,
  })
}

const AssignmentActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('save') }),
  z.object({
    intent: z.literal('set_cell'),
    applicationId: z.string({ error: 'Choisissez une candidature.' }).uuid('Choisissez une candidature.'),
    reviewerId: z.string({ error: 'Choisissez un évaluateur.' }).uuid('Choisissez un évaluateur.'),
    kind: z.enum(['forced', 'forbidden', 'none'], { error: 'Choisissez ce que vous voulez faire.' }),
  }),
])

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, call } = await requireTeamOnScoredCall(context, request, params.callId ?? '')
  const submission = parseWithZod(await readForm(request, context), { schema: AssignmentActionSchema })
  const base = `/equipe/appels/${call.id}/affectation`
  if (!assignmentOpen(call.state)) {
    return json({ message: 'L’affectation ne change plus après la fin de l’évaluation.', fieldErrors: {} }, { status: 400 })
  }
  if (submission.status !== 'success') {
    if (submission.payload.intent !== 'set_cell') return json({ message: 'Action inconnue.', fieldErrors: {} }, { status: 400 })
    const fieldErrors = firstFieldErrors(submission.error)
    return json({ message: 'La case n’est pas modifiée : corrigez les points signalés.', fieldErrors }, { status: 400 })
  }
  const value = submission.value
  if (value.intent === 'save') {
    await saveAssignment(context.db, user, call, await citizenPool(context.db, call))
    return redirect(`${base}?fait=enregistre`)
  }
  const result = await setOverride(context.db, user, call.id, value)
  if (!result.ok) return json({ message: result.message, fieldErrors: {} }, { status: 400 })
  return redirect(`${base}?fait=case`)
}

const CELL_LABELS = { forced: 'Imposé', automatic: 'Oui', forbidden: 'Exclu', conflict: 'Conflit', detected: 'Conflit détecté', '': '–' } as const

export default function Assignment() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [search] = useSearchParams()
  const errors = (actionData?.fieldErrors ?? {}) as Record<string, string>
  const err = (name: string) => (errors[name] ? [errors[name]] : null)
  const { call } = data
  return (
    <div className="fr-container fr-py-6w">
      <Breadcrumb links={[{ to: `/equipe/appels/${call.id}`, label: call.title }]} current="Affectation" />
      <h1>Affectation des évaluations</h1>
      {search.get('fait') === 'enregistre' ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>La répartition est enregistrée : chaque évaluateur voit ses candidatures.</p>
        </div>
      ) : search.get('fait') === 'case' ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>La case est modifiée. Enregistrez la répartition pour rééquilibrer les autres.</p>
        </div>
      ) : null}
      <FormErrors errors={actionData?.message ? [actionData.message] : null} title="Action impossible" />
      <p>
        Chaque candidature reçoit {call.k} évaluation{call.k > 1 ? 's' : ''} de l’administration et {call.m} du panel citoyen. Les charges sont
        équilibrées à une près dans chaque jury ; un conflit d’intérêts ou une indisponibilité sont toujours respectés ; une évaluation
        commencée ne change pas de main.
      </p>
      <div className={`fr-alert fr-alert--${data.status === 'complete' ? 'info' : 'warning'} fr-mb-3w`}>
        <h2 className="fr-alert__title">{data.status === 'complete' ? 'Répartition proposée complète' : 'Répartition proposée incomplète'}</h2>
        <p>{data.summary}</p>
        {data.balance.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {data.shortfalls.length ? (
          <ul>
            {data.shortfalls.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
        {data.issues.length ? (
          <ul>
            {data.issues.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        ) : null}
      </div>
      {data.detectedCount > 0 ? (
        <p>
          {data.detectedCount} paire{data.detectedCount > 1 ? 's sont bloquées' : ' est bloquée'} par un conflit détecté automatiquement (« Conflit détecté »). Pour
          affecter une paire quand même, écartez le conflit avec un motif sur la <Link to={`/equipe/appels/${call.id}/jurys#conflits-detectes`}>page des jurys</Link>.
        </p>
      ) : null}
      <p>
        {data.savedCount === 0
          ? 'Aucune répartition enregistrée pour le moment.'
          : data.changed
            ? `Une répartition de ${data.savedCount} évaluations est enregistrée ; la proposition ci-dessous en diffère.`
            : `La répartition enregistrée (${data.savedCount} évaluations) est celle ci-dessous.`}
      </p>
      <SecureForm method="post" className="fr-mb-4w">
        <input type="hidden" name="intent" value="save" />
        <button type="submit" className="fr-btn">
          Enregistrer cette répartition
        </button>
      </SecureForm>

      {data.applications.length === 0 ? (
        <p>Aucune candidature à évaluer dans cet appel.</p>
      ) : (
        <div className="fr-table fr-table--bordered">
          <div className="fr-table__wrapper">
            {/* The matrix scrolls sideways when there are many reviewers: its frame takes the keyboard focus (arrows scroll it). */}
            <div className="fr-table__container" role="region" aria-label="Matrice proposée, défilement horizontal" tabIndex={0}>
              <div className="fr-table__content">
                <table>
                  <caption>Matrice proposée : candidatures en lignes, évaluateurs en colonnes</caption>
                  <thead>
                    <tr>
                      <th scope="col">Candidature</th>
                      {data.members.map((m) => (
                        <th key={m.id} scope="col">
                          {m.name}
                          <br />
                          <span className="fr-text--xs">
                            {m.jury === 'administration' ? 'Administration' : 'Citoyen'} · {data.loads[m.id] ?? 0} éval.
                            {m.unavailable ? ' · indisponible' : ''}
                          </span>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.applications.map((a) => (
                      <tr key={a.id}>
                        <th scope="row">
                          {a.reference} – {a.title}
                        </th>
                        {data.members.map((m) => (
                          <td key={m.id}>{CELL_LABELS[data.cells[`${a.id}:${m.id}`] ?? '']}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}

      <section aria-labelledby="modifier-case" className="fr-mt-4w">
        <h2 id="modifier-case">Modifier une case</h2>
        <p>Imposez ou excluez un évaluateur sur une candidature. Les autres cases s’adaptent à l’enregistrement suivant.</p>
        <SecureForm method="post" noValidate>
          <input type="hidden" name="intent" value="set_cell" />
          <SelectField label="Candidature" name="applicationId" placeholder="Choisissez" options={data.applications.map((a) => ({ value: a.id, label: `${a.reference} – ${a.title}` }))} errors={err('applicationId')} />
          <SelectField
            label="Évaluateur"
            name="reviewerId"
            placeholder="Choisissez"
            options={data.members.map((m) => ({ value: m.id, label: `${m.name} (${JURY_LABELS[m.jury]})` }))}
            errors={err('reviewerId')}
          />
          <SelectField
            label="Ce que vous voulez"
            name="kind"
            placeholder="Choisissez"
            options={[
              { value: 'forced', label: 'Imposer cet évaluateur' },
              { value: 'forbidden', label: 'Exclure cet évaluateur' },
              { value: 'none', label: 'Laisser l’algorithme décider' },
            ]}
            errors={err('kind')}
          />
          <button type="submit" className="fr-btn fr-btn--secondary">
            Modifier la case
          </button>
        </SecureForm>
      </section>
    </div>
  )
}
