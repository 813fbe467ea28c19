import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { notFound } from '#app/auth/authorize.server.ts'
import { ChoiceField, FormErrors, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { findPublicService, tellExperience } from '#app/experiences/experiences.server.ts'
import { CHANNELS, FEELINGS } from '#app/experiences/labels.ts'
import { TellSchema } from '#app/experiences/schemas.ts'
import { elapsedSince } from '#app/feedback/spam.ts'
import { now } from '#app/utils/clock.server.ts'
import { isSpam, readForm, tooManyRequests } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Raconter votre expérience') }]

export async function loader({ params, context }: LoaderFunctionArgs) {
  const service = await findPublicService(context.db, params.serviceId)
  if (!service) throw notFound('Ce service n’existe pas.')
  // The display time, for the low bound of the time to submit (decision 101): a signal, never a refusal.
  return json({ service: { id: service.id, name: service.name, organisationName: service.organisation_name }, shownAt: String(now().getTime()) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const service = await findPublicService(context.db, params.serviceId)
  if (!service) throw notFound('Ce service n’existe pas.')
  const formData = await readForm(request, context)
  // A form posted without the trap fields did not come from our page (the library only checks them when present).
  if (isSpam(formData, context)) return json({ result: null, message: 'Votre expérience n’a pas pu être envoyée. Rechargez la page puis recommencez.' }, { status: 400 })
  const submission = parseWithZod(formData, { schema: TellSchema })
  if (submission.status !== 'success') return json({ result: submission.reply(), message: null }, { status: 400 })
  const { consent: _consent, ...value } = submission.value
  const result = await tellExperience(
    context.db,
    service,
    { ...value, happenedOn: value.happenedOn ?? null, authorName: value.authorName ?? null, authorEmail: value.authorEmail ?? null },
    context.ipHash,
    { elapsedMs: elapsedSince(formData.get('affiche'), now()) },
  )
  if (!result.ok) return tooManyRequests(result.retryAfter, 'Vous avez envoyé beaucoup d’expériences en peu de temps. Merci de réessayer dans une heure.')
  return redirect(`/experiences/services/${service.id}/merci`)
}

export default function TellExperience() {
  const { service, shownAt } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const errors = (actionData && 'result' in actionData && actionData.result?.error) || {}
  const message = actionData && 'message' in actionData ? actionData.message : null
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <h1>Raconter votre expérience</h1>
          <p className="fr-text--lead">{`Sur « ${service.name} » (${service.organisationName}).`}</p>
          <div className="fr-callout fr-mb-4w">
            <h2 className="fr-callout__title">Ce qui sera public</h2>
            <ul className="fr-callout__text">
              <li>Le titre, votre récit, la date, le canal et votre ressenti seront publiés sur ce site après relecture par un modérateur.</li>
              <li>Votre prénom ou pseudonyme, si vous en donnez un. Sinon : « Un usager ».</li>
              <li>Votre adresse e-mail n’est jamais publiée : elle sert seulement à vous prévenir de la publication et de la réponse. Elle est effacée au bout de 12 mois.</li>
              <li>N’écrivez ni nom, ni numéro de dossier, ni téléphone, ni adresse : le modérateur masquera ces passages.</li>
            </ul>
          </div>
          <FormErrors errors={message ? [message] : null} />
          <SecureForm method="post" honeypot noValidate>
            <input type="hidden" name="affiche" value={shownAt} />
            <TextField label="Titre" hint="En une phrase, par exemple « Un rendez-vous obtenu rapidement »." name="title" required maxLength={120} errors={errors.title} />
            <TextAreaField label="Ce qui s’est passé" hint="Racontez avec vos mots : ce que vous vouliez faire, ce qui a marché ou non." name="body" rows={8} required errors={errors.body} />
            <TextField label="Quand (facultatif)" hint="Date approximative, au format 2026-03-14." name="happenedOn" type="date" errors={errors.happenedOn} />
            <ChoiceField legend="Comment avez-vous fait la démarche ?" name="channel" options={CHANNELS} inline required errors={errors.channel} />
            <ChoiceField legend="Votre ressenti" name="feeling" options={FEELINGS} inline required errors={errors.feeling} />
            <TextField label="Prénom ou pseudonyme (facultatif, public)" name="authorName" maxLength={40} autoComplete="off" errors={errors.authorName} />
            <TextField
              label="Adresse e-mail (facultatif, jamais publiée)"
              hint="Pour être prévenu quand le service vous répond. Format : nom@exemple.fr"
              name="authorEmail"
              type="email"
              autoComplete="email"
              errors={errors.authorEmail}
            />
            <ChoiceField legend="Avant d’envoyer" name="consent" type="checkbox" options={[{ value: 'on', label: 'J’ai lu ce qui sera publié et j’accepte que mon récit soit publié après modération.' }]} required errors={errors.consent} />
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" className="fr-btn">
                  Envoyer mon expérience
                </button>
              </li>
              <li>
                <Link className="fr-btn fr-btn--tertiary" to={`/experiences/services/${service.id}`}>
                  Annuler
                </Link>
              </li>
            </ul>
          </SecureForm>
        </div>
      </div>
    </div>
  )
}
