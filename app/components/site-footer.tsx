import { Footer } from '@codegouvfr/react-dsfr/Footer'
import type { DSFR_MENTION } from '#app/accessibility/statement.ts'
import { SERVICE_NAME } from '#app/utils/meta.ts'

export function SiteFooter({ accessibility }: { accessibility: (typeof DSFR_MENTION)[keyof typeof DSFR_MENTION] }) {
  return (
    <Footer
      id="pied-de-page"
      brandTop={
        <>
          République
          <br />
          Française
        </>
      }
      homeLinkProps={{ href: '/', title: `Accueil – ${SERVICE_NAME}` }}
      // « Accessibilité : … » comes from the RGAA grid's rate (decision 096), never written by hand.
      accessibility={accessibility}
      accessibilityLinkProps={{ href: '/accessibilite' }}
      termsLinkProps={{ href: '/mentions-legales' }}
      websiteMapLinkProps={{ href: '/plan-du-site' }}
      contentDescription="L’Accélérateur d’initiatives citoyennes accompagne pendant trois mois des projets d’intérêt général portés par la société civile, avec l’appui des administrations. Le service « Je donne mon avis » recueille l’avis des usagers sur les services publics et publie les réponses des administrations."
      bottomItems={[
        { text: 'Données personnelles', linkProps: { href: '/donnees-personnelles' } },
        { text: 'Gestion des cookies', linkProps: { href: '/gestion-cookies' } },
      ]}
    />
  )
}
