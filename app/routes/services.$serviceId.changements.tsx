import { PAGE_SIZE } from '#app/experiences/labels.ts'
import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { randomUUID } from 'node:crypto'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import type { z } from 'zod'
import { ChoiceField, fieldProps, FormErrors, initialText, NOT_THIS_FORM, SecureForm, TextAreaField, TextField, type Option } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { listChanges, markChangeDone, recordChange, reviewsToLink } from '#app/experiences/changes.server.ts'
import { ChangeList } from '#app/components/experiences/public-lists.tsx'
import { CHANGE_STATUSES } from '#app/experiences/labels.ts'
import { ChangeActionSchema, ChangeDoneSchema, ChangeSchema } from '#app/experiences/schemas.ts'
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
  const [params] = useSearchParams()
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
          <DoneForm key={change.id} change={change} />
        ))}
      <Pagination page={page} pageCount={Math.ceil(total / PAGE_SIZE)} href={(p) => `/services/${service.id}/changements?page=${p}`} />
      <h2 className="fr-mt-6w">Enregistrer un changement</h2>
      <RecordForm
        token={token}
        experiences={experiences.map((e) => ({ value: e.id, label: e.title }))}
        reviews={reviews.map((r) => ({ value: r.id, label: `${formatDateTime(r.created_at)} — ${(r.comment ?? '').slice(0, 140)}` }))}
      />
    </>
  )
}

// The page's two forms on conform: ids, errors and constraints from the schemas of experiences/schemas.ts;
// `lastResult` is the page's last refusal only when it is this form's (and, for « réalisé », this change's).

/** « Marquer comme réalisé », one form per planned change. */
function DoneForm({ change }: { change: { id: string; title: string } }) {
  const actionData = useActionData<typeof action>()
  const mine = actionData?.intent === 'mark_done' && actionData.result.initialValue?.changeId === change.id
  const [form, fields] = useForm<z.input<typeof ChangeDoneSchema>>({
    id: `realise-${change.id}`,
    lastResult: mine ? actionData.result : NOT_THIS_FORM,
    constraint: getZodConstraint(ChangeDoneSchema),
    shouldValidate: 'onSubmit',
  })
  return (
    <SecureForm method="post" {...getFormProps(form)} className="fr-mb-2w" noValidate>
      <input type="hidden" name="intent" value="mark_done" />
      <input type="hidden" name={fields.changeId.name} value={change.id} />
      <TextField label={`Date de réalisation de « ${change.title} »`} {...fieldProps(fields.doneOn)} required={fields.doneOn.required} type="date" />
      <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
        Marquer comme réalisé
      </button>
    </SecureForm>
  )
}

/** Records a change, linked to the experiences and reviews that inspired it. */
function RecordForm({ token, experiences, reviews }: { token: string; experiences: Option[]; reviews: Option[] }) {
  const actionData = useActionData<typeof action>()
  const [form, fields] = useForm<z.input<typeof ChangeSchema>>({
    id: 'changement',
    lastResult: actionData?.intent === 'record' ? actionData.result : NOT_THIS_FORM,
    constraint: getZodConstraint(ChangeSchema),
    shouldValidate: 'onSubmit',
  })
  const checked = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : initialText(value))
  return (
    <>
      <FormErrors errors={form.errors ?? null} />
      <SecureForm method="post" {...getFormProps(form)} noValidate>
        <input type="hidden" name="intent" value="record" />
        <input type="hidden" name={fields.token.name} value={token} />
        <TextField label="Titre" hint="Par exemple « Rendez-vous possibles le samedi matin »." {...fieldProps(fields.title)} required={fields.title.required} maxLength={fields.title.maxLength} />
        <TextAreaField
          label="Description"
          hint="Ce qui change pour les usagers, en langage simple."
          {...fieldProps(fields.description)}
          required={fields.description.required}
          maxLength={fields.description.maxLength}
          rows={4}
        />
        <ChoiceField
          legend="Où en est-il ?"
          name={fields.status.name}
          options={CHANGE_STATUSES}
          inline
          required={fields.status.required}
          defaultValue={initialText(fields.status.initialValue)}
          errors={fields.status.errors}
        />
        <TextField label="Date prévue (facultatif)" {...fieldProps(fields.plannedOn)} type="date" />
        <TextField label="Date de réalisation (si réalisé)" {...fieldProps(fields.doneOn)} type="date" />
        {experiences.length ? (
          <ChoiceField
            legend="Expériences à l’origine de ce changement (facultatif)"
            name={fields.experienceIds.name}
            type="checkbox"
            options={experiences}
            defaultValue={checked(fields.experienceIds.initialValue)}
            errors={fields.experienceIds.errors}
          />
        ) : (
          <p className="fr-text--sm">Aucune expérience publiée à relier pour l’instant.</p>
        )}
        {reviews.length ? (
          <ChoiceField
            legend="Avis « Je donne mon avis » à l’origine de ce changement (facultatif)"
            hint="Les 50 derniers avis avec un commentaire. Le public voit leur nombre, jamais leur texte."
            name={fields.reviewIds.name}
            type="checkbox"
            options={reviews}
            defaultValue={checked(fields.reviewIds.initialValue)}
            errors={fields.reviewIds.errors}
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
