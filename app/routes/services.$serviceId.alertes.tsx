import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { SecureForm } from '#app/components/forms.tsx'
import { requireService } from '#app/feedback/access.server.ts'
import { ALERT_MAX_WAIT_MS, ALERT_QUIET_MS, findSubscription, saveSubscription } from '#app/feedback/alerts.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Alertes par e-mail') }]

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const subscription = await findSubscription(context.db, user, service.id)
  return json({ service: { id: service.id, name: service.name }, email: user.email, subscription })
}

const AlertsSchema = z.object({ negatifs: z.literal('oui').optional(), resume: z.literal('oui').optional(), csrf: z.string().optional() })

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { user, service } = await requireService(context, request, params.serviceId)
  const parsed = AlertsSchema.safeParse(Object.fromEntries(await readForm(request, context)))
  if (!parsed.success) return json({ message: 'Cochez ou décochez les cases proposées.' }, { status: 400 })
  await saveSubscription(context.db, user, service.id, {
    negativeReviews: parsed.data.negatifs === 'oui',
    weeklyDigest: parsed.data.resume === 'oui',
  })
  return redirect(`/services/${service.id}/alertes?enregistre=1`)
}

export default function Alerts() {
  const data = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <>
      <h1>Alertes par e-mail</h1>
      {params.get('enregistre') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>Vos choix sont enregistrés.</p>
        </div>
      ) : null}
      <p>{`Les e-mails partent à ${data.email}. Ces choix ne concernent que vous.`}</p>
      <SecureForm method="post">
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
                  {`Les avis sont regroupés : l’e-mail part quand aucun nouvel avis « Pas bien » n’est arrivé depuis ${ALERT_QUIET_MS / 60000} minutes, et au plus tard ${ALERT_MAX_WAIT_MS / 60000} minutes après le premier.`}
                </span>
              </label>
            </div>
          </div>
          <div className="fr-fieldset__element">
            <div className="fr-checkbox-group">
              <input type="checkbox" id="alerte-resume" name="resume" value="oui" defaultChecked={data.subscription.weekly_digest} />
              <label className="fr-label" htmlFor="alerte-resume">
                Un résumé chaque lundi matin
                <span className="fr-hint-text">Le nombre d’avis et les indicateurs de la semaine écoulée, comparés à la semaine précédente.</span>
              </label>
            </div>
          </div>
        </fieldset>
        <button type="submit" className="fr-btn">
          Enregistrer mes choix
        </button>
      </SecureForm>
    </>
  )
}
