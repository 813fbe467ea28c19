import { Footer } from '@codegouvfr/react-dsfr/Footer'
import { SERVICE_NAME } from '#app/utils/meta.ts'

export function SiteFooter() {
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
      accessibility="non compliant"
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
