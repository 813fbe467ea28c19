import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { DigestScheduleForm } from '#app/components/feedback/digest-schedule-form.tsx'
import { SecureForm } from '#app/components/forms.tsx'
import { requireService } from '#app/feedback/access.server.ts'
import {
  ALERT_MAX_WAIT_MS,
  ALERT_QUIET_MS,
  digestScheduleLabel,
  findDigestPreference,
  findSubscription,
  saveDigestPreference,
  saveSubscription,
} from '#app/feedback/alerts.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Alertes et résumés par e-mail') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const [subscription, preference] = await Promise.all([findSubscription(context.db, user, service.id), findDigestPreference(context.db, user)])
  return json({ service: { id: service.id, name: service.name }, email: user.email, subscription, preference, schedule: digestScheduleLabel(preference), alertMinutes: { quiet: ALERT_QUIET_MS / 60000, maxWait: ALERT_MAX_WAIT_MS / 60000 } })
}

const hourMessage = 'Choisissez une heure entre 0 h et 23 h.'
const ActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('subscriptions'), negatifs: z.literal('oui').optional(), resume: z.literal('oui').optional() }),
    z.object({
      intent: z.literal('schedule'),
      frequence: z.enum(['daily', 'weekly'], { error: 'Choisissez « chaque jour » ou « chaque semaine ».' }),
      heure: z.coerce.number({ error: hourMessage }).int(hourMessage).min(0, hourMessage).max(23, hourMessage),
      jour: z.coerce
        .number({ error: 'Choisissez un jour de la semaine.' })
        .int('Choisissez un jour de la semaine.')
        .min(1, 'Choisissez un jour de la semaine.')
        .max(7, 'Choisissez un jour de la semaine.'),
    }),
  ],
  { error: 'Cette action n’existe pas sur cette page.' },
)

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const formData = await readForm(request, context)
  // The subscription form of earlier pages had no intent field.
  if (!formData.has('intent')) formData.set('intent', 'subscriptions')
  const submission = parseWithZod(formData, { schema: ActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  const value = submission.value
  if (value.intent === 'schedule') {
    await saveDigestPreference(context.db, user, { frequency: value.frequence, hour: value.heure, weekday: value.jour })
    return redirect(`/services/${service.id}/alertes?enregistre=horaire`)
  }
  await saveSubscription(context.db, user, service.id, { negativeReviews: value.negatifs === 'oui', weeklyDigest: value.resume === 'oui' })
  return redirect(`/services/${service.id}/alertes?enregistre=1`)
}

export default function Alerts() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.result.error ?? {}
  return (
    <>
      <h1>Alertes et résumés par e-mail</h1>
      {params.get('enregistre') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{params.get('enregistre') === 'horaire' ? `Vos résumés arriveront ${data.schedule}.` : 'Vos choix sont enregistrés.'}</p>
        </div>
      ) : null}
      {errors[''] ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>{errors['']!.join(' ')}</p>
        </div>
      ) : null}
      <p>{`Les e-mails partent à ${data.email}. Ces choix ne concernent que vous.`}</p>
      <h2>Pour « {data.service.name} »</h2>
      <SecureForm method="post" className="fr-mb-6w">
        <input type="hidden" name="intent" value="subscriptions" />
        <fieldset className="fr-fieldset" aria-labelledby="alertes-legende">
          <legend className="fr-fieldset__legend" id="alertes-legende">
            Je souhaite recevoir
          </legend>
          <div className="fr-fieldset__element">
            <div className="fr-checkbox-group">
              <input type="checkbox" id="alerte-negatifs" name="negatifs" value="oui" defaultChecked={data.subscription.negative_reviews} />
              <label className="fr-label" htmlFor="alerte-negatifs">
                Une alerte quand des avis « Pas bien » arrivent
                <span className="fr-hint-text">
                  {`Les avis sont regroupés : l’e-mail part quand aucun nouvel avis « Pas bien » n’est arrivé depuis ${data.alertMinutes.quiet} minutes, et au plus tard ${data.alertMinutes.maxWait} minutes après le premier.`}
                </span>
              </label>
            </div>
          </div>
          <div className="fr-fieldset__element">
            <div className="fr-checkbox-group">
              <input type="checkbox" id="alerte-resume" name="resume" value="oui" defaultChecked={data.subscription.weekly_digest} />
              <label className="fr-label" htmlFor="alerte-resume">
                Ce service dans mon résumé
                <span className="fr-hint-text">{`Votre résumé arrive ${data.schedule} : le nombre d’avis et les derniers commentaires de chaque service suivi, les plus récents d’abord.`}</span>
              </label>
            </div>
          </div>
        </fieldset>
        <button type="submit" className="fr-btn">
          Enregistrer mes choix
        </button>
      </SecureForm>
      <h2>Quand recevoir mon résumé</h2>
      <p>Ce réglage vaut pour tous les services que vous suivez : un seul e-mail les regroupe. Heure de Paris.</p>
      <DigestScheduleForm preference={data.preference} errors={errors} />
    </>
  )
}
