import type { MetaFunction } from '@remix-run/node'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Mentions légales') }]

export default function LegalNotice() {
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-9">
          <h1>Mentions légales</h1>
          <h2>Éditeur</h2>
          <p>
            Direction interministérielle de la transformation publique (DITP), 20 avenue de Ségur, 75007 Paris, avec
            l’appui de la Direction interministérielle du numérique (DINUM).
          </p>
          <h2>Directeur de la publication</h2>
          <p>Le délégué interministériel à la transformation publique.</p>
          <h2>Hébergement</h2>
          <p>L’hébergeur est indiqué dans le dossier d’homologation du service, disponible sur demande.</p>
          <h2>Licence des contenus</h2>
          <p>
            Sauf mention contraire, les contenus de ce site sont publiés sous licence Etalab 2.0 (Licence Ouverte). Les
            données ouvertes sont publiées sous la même licence.
          </p>
          <h2>Code source</h2>
          <p>Le code source de ce service est ouvert et réutilisable.</p>
          <h2>Sécurité</h2>
          <p>
            Le site est protégé par un certificat électronique. Aucun e-mail ne vous demandera jamais de mot de passe :
            la connexion se fait par un lien ou un code à usage unique.
          </p>
        </div>
      </div>
    </div>
  )
}
