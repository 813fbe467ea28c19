import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { projectTitle, SECTIONS, type Answers } from '#app/accelerator/applications/application-form.ts'
import { requireMemberApplication } from '#app/accelerator/applications/leader-access.server.ts'
import { HIDDEN_FROM_REVIEWERS, reviewerAnswers } from '#app/accelerator/scoring/reviewer-view.ts'
import { ReviewerApplication } from '#app/components/accelerator/reviewer-application.tsx'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Ce que verront les jurys') }]

// « Ce que verront les jurys » (issue 20, decision 097): the application through the same function
// and the same component as the jurors' evaluation page. Read-only, for the application's leaders.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { application } = await requireMemberApplication(context, request, params.id)
  const answers = application.answers as Answers
  return json({
    id: application.id,
    title: projectTitle(answers),
    reference: application.reference,
    answers: reviewerAnswers(answers),
    hidden: SECTIONS.filter((section) => (HIDDEN_FROM_REVIEWERS as readonly string[]).includes(section.key)).map((section) => section.title),
  })
}

export default function ReviewerPreview() {
  const data = useLoaderData<typeof loader>()
  return (
    <>
      <h1>Ce que verront les jurys</h1>
      <p>
        Voici votre candidature exactement comme les membres des jurys la liront sur leur page d’évaluation, avec ce qui est enregistré
        à cet instant. Une section vide leur apparaît comme « Section non remplie ».
      </p>
      <div className="fr-notice fr-notice--info fr-mb-4w">
        <div className="fr-container">
          <div className="fr-notice__body">
            <p className="fr-notice__title">
              Les jurys ne reçoivent ni vos pièces jointes, ni la section {data.hidden.map((title) => `« ${title} »`).join(', ')} : seule
              l’équipe du programme les lit, pendant l’instruction.
            </p>
          </div>
        </div>
      </div>
      <section aria-labelledby="apercu-projet" className="fr-p-3w aic-preview">
        <h2 id="apercu-projet">« {data.title} »</h2>
        <p>{data.reference ? `Référence ${data.reference}.` : 'La référence sera attribuée au dépôt.'}</p>
        <ReviewerApplication answers={data.answers} headingLevel={3} />
      </section>
      <p className="fr-mt-4w">
        <Link to={`/mes-candidatures/${data.id}/depot`} className="fr-link fr-icon-arrow-left-line fr-link--icon-left">
          Revenir à « Vérifier et déposer »
        </Link>
      </p>
    </>
  )
}
