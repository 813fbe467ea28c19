import { PAGE_SIZE } from '#app/experiences/labels.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { randomUUID } from 'node:crypto'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ChoiceField, FormErrors, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { listChanges, markChangeDone, recordChange, reviewsToLink } from '#app/experiences/changes.server.ts'
import { ChangeList } from '#app/experiences/components.tsx'
import { CHANGE_STATUSES } from '#app/experiences/labels.ts'
import { ChangeActionSchema } from '#app/experiences/schemas.ts'
import { requireService } from '#app/feedback/access.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data ? `Changements – ${data.service.name}` : 'Changements') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { service } = await requireService(context, request, params.serviceId)
  const page = Math.min(10000, Math.max(1, Number.parseInt(new URL(request.url).searchParams.get('page') ?? '1', 10) || 1))
  const [reviews, changes, experiences] = await Promise.all([
    reviewsToLink(context.db, service.id),
    listChanges(context.db, { serviceId: service.id, page }),
    context.db
      .selectFrom('experiences')
      .select(['id', 'title'])
      .where('service_id', '=', service.id)
      .where('status', '=', 'published')
      .orderBy('published_at', 'desc')
      .limit(100)
      .execute(),
  ])
  return json({ service: { id: service.id, name: service.name }, page, ...changes, experiences, reviews, token: randomUUID() })
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const submission = parseWithZod(await readForm(request, context), { schema: ChangeActionSchema })
  if (submission.status !== 'success') {
    // A post without a known intent is the main form's (as before the intents were named).
    return json({ intent: submission.payload.intent === 'mark_done' ? ('mark_done' as const) : ('record' as const), result: submission.reply() }, { status: 400 })
  }
  const value = submission.value
  if (value.intent === 'mark_done') {
    await markChangeDone(context.db, user, service.id, value.changeId, value.doneOn)
    return redirect(`/services/${service.id}/changements?realise=1`)
  }
  await recordChange(context.db, user, service, { ...value, plannedOn: value.plannedOn ?? null, doneOn: value.doneOn ?? null })
  return redirect(`/services/${service.id}/changements?enregistre=1`)
}

export default function TeamChanges() {
  const { service, page, rows, total, experiences, reviews, token } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = (actionData?.intent === 'record' && actionData.result.error) || {}
  return (
    <>
      <h1>Changements</h1>
      <p>
        « Vous nous l’avez dit, nous l’avons fait » : enregistrez ce que le service change grâce aux retours des usagers, et reliez-le aux expériences qui
        l’ont inspiré. Ces changements sont publics. <Link to={`/experiences/services/${service.id}`}>Voir la page publique</Link>
      </p>
      {params.get('enregistre') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Le changement est enregistré et publié.</p>
        </div>
      ) : null}
      {params.get('realise') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Le changement est marqué comme réalisé.</p>
        </div>
      ) : null}
      <h2>{`Changements enregistrés (${total})`}</h2>
      {rows.length ? <ChangeList rows={rows} showService={false} /> : <p>Aucun changement enregistré pour l’instant.</p>}
      {rows
        .filter((change) => change.status === 'planned')
        .map((change) => (
          <SecureForm key={change.id} method="post" className="fr-mb-2w" noValidate>
            <input type="hidden" name="intent" value="mark_done" />
            <input type="hidden" name="changeId" value={change.id} />
            <TextField label={`Date de réalisation de « ${change.title} »`} name="doneOn" type="date" required />
            <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
              Marquer comme réalisé
            </button>
          </SecureForm>
        ))}
      <Pagination page={page} pageCount={Math.ceil(total / PAGE_SIZE)} href={(p) => `/services/${service.id}/changements?page=${p}`} />
      <h2 className="fr-mt-6w">Enregistrer un changement</h2>
      <FormErrors errors={errors[''] ?? null} />
      <SecureForm method="post" noValidate>
        <input type="hidden" name="intent" value="record" />
        <input type="hidden" name="token" value={token} />
        <TextField label="Titre" hint="Par exemple « Rendez-vous possibles le samedi matin »." name="title" required maxLength={150} errors={errors.title} />
        <TextAreaField label="Description" hint="Ce qui change pour les usagers, en langage simple." name="description" rows={4} required errors={errors.description} />
        <ChoiceField legend="Où en est-il ?" name="status" options={CHANGE_STATUSES} inline required errors={errors.status} />
        <TextField label="Date prévue (facultatif)" name="plannedOn" type="date" errors={errors.plannedOn} />
        <TextField label="Date de réalisation (si réalisé)" name="doneOn" type="date" errors={errors.doneOn} />
        {experiences.length ? (
          <ChoiceField legend="Expériences à l’origine de ce changement (facultatif)" name="experienceIds" type="checkbox" options={experiences.map((e) => ({ value: e.id, label: e.title }))} errors={errors.experienceIds} />
        ) : (
          <p className="fr-text--sm">Aucune expérience publiée à relier pour l’instant.</p>
        )}
        {reviews.length ? (
          <ChoiceField
            legend="Avis « Je donne mon avis » à l’origine de ce changement (facultatif)"
            hint="Les 50 derniers avis avec un commentaire. Le public voit leur nombre, jamais leur texte."
            name="reviewIds"
            type="checkbox"
            options={reviews.map((r) => ({ value: r.id, label: `${formatDateTime(r.created_at)} — ${(r.comment ?? '').slice(0, 140)}` }))}
            errors={errors.reviewIds}
          />
        ) : (
          <p className="fr-text--sm">Aucun avis avec commentaire à relier pour l’instant.</p>
        )}
        <button type="submit" className="fr-btn">
          Enregistrer le changement
        </button>
      </SecureForm>
    </>
  )
}
