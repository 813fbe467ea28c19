// The pages measured by the pages benchmark, with what the baseline server renders for each:
// the same route component and the same DSFR header and footer, with the same data from the same
// queries, through a bare renderToString — no Remix, no Express, no security headers.
import { Footer } from '@codegouvfr/react-dsfr/Footer'
import { Header } from '@codegouvfr/react-dsfr/Header'
import { setLink } from '@codegouvfr/react-dsfr/link'
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks'
import type { ReactElement, ReactNode } from 'react'
import Home from '#app/routes/_index.tsx'
import { basePagePaths } from './page-list.ts'

setLink({
  Link: (({ children, ...props }: { children: ReactNode }) => <a {...props}>{children}</a>) as never,
})

export interface BasePage {
  path: string
  label: string
  data: () => Promise<unknown>
  render: (data: unknown) => ReactElement
}

const brandTop = (
  <>
    République
    <br />
    Française
  </>
)

function Document({ title, children }: { title: string; children: ReactNode }) {
  return (
    <html lang="fr" data-fr-scheme="light" data-fr-theme="light">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/dsfr/dsfr.min.css" />
        <link rel="stylesheet" href="/dsfr/utility/icons/icons.min.css" />
      </head>
      <body>
        <SkipLinks links={[{ label: 'Contenu', anchor: '#contenu' }, { label: 'Pied de page', anchor: '#pied-de-page' }]} />
        <Header
          brandTop={brandTop}
          disableDisplay
          homeLinkProps={{ href: '/', title: 'Accueil' }}
          serviceTitle="Accélérateur d’initiatives citoyennes"
          serviceTagline="Porter un projet citoyen avec l’État, et donner son avis sur les services publics"
          quickAccessItems={[{ iconId: 'fr-icon-lock-line', text: 'Se connecter', linkProps: { href: '/connexion' } }]}
          navigation={[{ text: 'Accueil', linkProps: { href: '/' }, isActive: true }]}
        />
        <main id="contenu">{children}</main>
        <Footer
          brandTop={brandTop}
          homeLinkProps={{ href: '/', title: 'Accueil' }}
          accessibility="non compliant"
          accessibilityLinkProps={{ href: '/accessibilite' }}
          termsLinkProps={{ href: '/mentions-legales' }}
          bottomItems={[{ text: 'Données personnelles', linkProps: { href: '/donnees-personnelles' } }]}
        />
      </body>
    </html>
  )
}

export const basePages: BasePage[] = [
  {
    ...basePagePaths[0],
    data: async () => ({}),
    render: () => (
      <Document title="Accueil – Accélérateur d’initiatives citoyennes">
        <Home />
      </Document>
    ),
  },
]
