import { Header } from '@codegouvfr/react-dsfr/Header'
import { useLocation } from '@remix-run/react'
import { SecureForm } from '#app/components/forms.tsx'
import type { SessionUser } from '#app/auth/roles.ts'
import { navigationFor } from './navigation.ts'
import { SERVICE_NAME } from '#app/utils/meta.ts'

export function SiteHeader({ user }: { user: SessionUser | null }) {
  const location = useLocation()
  const items = navigationFor(user)
  const current = items
    .filter((item) => item.href === '/' ? location.pathname === '/' : location.pathname.startsWith(item.href))
    .sort((a, b) => b.href.length - a.href.length)[0]
  return (
    <Header
      id="en-tete"
      // The light theme is fixed (data-fr-scheme="light"): no display-settings modal.
      disableDisplay
      brandTop={
        <>
          République
          <br />
          Française
        </>
      }
      homeLinkProps={{ href: '/', title: `Accueil – ${SERVICE_NAME}` }}
      serviceTitle={SERVICE_NAME}
      serviceTagline="Porter un projet citoyen avec l’État, et donner son avis sur les services publics"
      quickAccessItems={
        user
          ? [
              { iconId: 'fr-icon-account-circle-line', text: 'Mon compte', linkProps: { href: '/profil' } },
              <SecureForm key="deconnexion" method="post" action="/deconnexion" reloadDocument>
                <button type="submit" className="fr-btn fr-icon-logout-box-r-line">
                  Se déconnecter
                </button>
              </SecureForm>,
            ]
          : [{ iconId: 'fr-icon-lock-line', text: 'Se connecter', linkProps: { href: '/connexion' } }]
      }
      navigation={items.map((item) => ({
        text: item.text,
        linkProps: { href: item.href },
        isActive: item === current,
      }))}
    />
  )
}
