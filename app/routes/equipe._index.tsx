import { Tile } from '@codegouvfr/react-dsfr/Tile'
import { json, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { requireRole } from '#app/auth/authorize.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Équipe du programme') }]

/** Each area adds its tile for the programme team here. */
const TILES = [
  { title: 'Gérer les appels à projets', desc: 'Créer un appel, régler sa grille de critères et ses règles de sélection, l’ouvrir et le clore.', href: '/equipe/appels' },
  { title: 'Instruction des candidatures', desc: 'Lire, filtrer et instruire les candidatures déposées ; exporter en CSV ou en tableur.', href: '/instruction' },
  { title: 'Personnes et rôles', desc: 'Inviter des instructeurs, des membres du panel, des chargés d’accélération et des équipes de service.', href: '/equipe/personnes' },
  { title: 'Accompagnement des projets', desc: 'Créer une cohorte de projets retenus, confier chaque projet à un·e chargé·e d’accélération, tenir les comités.', href: '/accompagnement' },
  { title: 'Journal des actions', desc: 'Qui a fait quoi, et quand : décisions, changements d’état, rôles.', href: '/equipe/journal' },
]

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireRole(context, request, 'programme_team')
  return json({ name: user.displayName ?? user.email })
}

export default function TeamHome() {
  const { name } = useLoaderData<typeof loader>()
  return (
    <div className="fr-container fr-py-6w">
      <h1>Équipe du programme</h1>
      <p className="fr-text--lead">Bonjour {name}. Voici les outils de l’équipe DITP / DINUM.</p>
      <div className="fr-grid-row fr-grid-row--gutters">
        {TILES.map((tile) => (
          <div key={tile.href} className="fr-col-12 fr-col-md-4">
            <Tile title={tile.title} desc={tile.desc} linkProps={{ href: tile.href }} orientation="vertical" />
          </div>
        ))}
      </div>
    </div>
  )
}
