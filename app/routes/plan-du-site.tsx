import type { MetaFunction } from '@remix-run/node'
import { Link } from '@remix-run/react'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Plan du site') }]

/** Each area adds its public pages here. */
const SECTIONS = [
  {
    title: 'Général',
    links: [
      { href: '/', text: 'Accueil' },
      { href: '/appels', text: 'Appels à projets' },
      { href: '/experiences', text: 'Expériences des usagers (Services Publics+)' },
      { href: '/experiences/changements', text: 'Vous nous l’avez dit, nous l’avons fait' },
      { href: '/experiences/donnees', text: 'Données ouvertes des expériences et des avis' },
      { href: '/api/documentation', text: 'Documentation de l’API' },
      { href: '/mes-candidatures', text: 'Mes candidatures' },
      { href: '/accompagnement', text: 'Accompagnement des projets retenus (porteurs, chargés d’accélération, référents, équipe)' },
      { href: '/connexion', text: 'Se connecter' },
      { href: '/profil', text: 'Mon compte' },
    ],
  },
  {
    title: '« Je donne mon avis »',
    links: [
      { href: '/services', text: 'Mes services publics (équipes des services : tableaux de bord, questionnaires, intégration)' },
      { href: '/services/exports', text: 'Mes exports d’avis' },
    ],
  },
  {
    title: 'Informations',
    links: [
      { href: '/accessibilite', text: 'Déclaration d’accessibilité' },
      { href: '/mentions-legales', text: 'Mentions légales' },
      { href: '/donnees-personnelles', text: 'Données personnelles' },
      { href: '/gestion-cookies', text: 'Gestion des cookies' },
    ],
  },
]

export default function SiteMap() {
  return (
    <div className="fr-container fr-py-6w">
      <h1>Plan du site</h1>
      {SECTIONS.map((section) => (
        <section key={section.title}>
          <h2>{section.title}</h2>
          <ul>
            {section.links.map((link) => (
              <li key={link.href}>
                <Link to={link.href}>{link.text}</Link>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  )
}
