import type { MetaFunction } from '@remix-run/node'
import { pageTitle } from '#app/utils/meta.ts'
import type { PublicCacheHandle } from '#app/utils/public-cache.server.ts'

// No form posts from this page: a cache may keep it for anonymous visitors (decision 091).
export const handle: PublicCacheHandle = { publicCache: true }

export const meta: MetaFunction = () => [{ title: pageTitle('Données personnelles') }]

// Keep in step with docs/rgpd.md (the processing register).
const PROCESSINGS = [
  {
    what: 'Compte : adresse e-mail, nom',
    why: 'Vous connecter et vous écrire au sujet de vos démarches',
    howLong: 'Jusqu’à la suppression du compte, ou 3 ans sans connexion',
    who: 'Vous ; l’équipe du programme',
  },
  {
    what: 'Candidature : structure, projet, contacts, pièces jointes',
    why: 'Instruire et sélectionner les projets de l’appel',
    howLong: 'Brouillons jamais déposés : 1 an après la clôture de l’appel. Candidatures déposées : 5 ans après la clôture',
    who: 'Porteurs, instructeurs, panel citoyen (candidatures confiées), équipe du programme',
  },
  {
    what: 'Évaluations, conflits d’intérêts, décisions',
    why: 'Sélection conjointe et traçabilité des décisions',
    howLong: '5 ans après la publication des résultats',
    who: 'Équipe du programme ; jurys selon les règles de l’appel',
  },
  {
    what: 'Accompagnement : diagnostic, besoins, actions, points d’étape',
    why: 'Suivre les projets accompagnés pendant trois mois',
    howLong: '3 ans après la fin de la cohorte',
    who: 'Porteurs, chargé·es d’accélération, référents, équipe du programme',
  },
  {
    what: 'Avis sur un service public : réponses, texte libre, e-mail facultatif',
    why: 'Mesurer et améliorer la qualité des services publics',
    howLong: 'Texte libre et e-mail : 2 ans ; les réponses chiffrées, anonymes, sont gardées pour les statistiques',
    who: 'Équipe du service concerné ; le public pour les réponses aux questions fermées, sans le texte libre ni l’e-mail (données ouvertes)',
  },
  {
    what: 'Expérience racontée sur un service public : récit, pseudonyme facultatif, e-mail facultatif',
    why: 'Publier les expériences après modération, et vous prévenir de la publication et de la réponse',
    howLong:
      'E-mail : 12 mois, jamais publié. Récit refusé : 6 mois après le refus. Texte original avant masquage : 24 mois après la publication ; le texte publié reste en ligne',
    who: 'Équipe du service concerné (modération et réponse) ; le public pour le texte publié',
  },
  {
    what: 'Adresse IP',
    why: 'Limiter les abus (trop de demandes)',
    howLong: 'Jamais conservée en clair : seule une empreinte, qui change chaque jour, est gardée 24 heures',
    who: 'Personne',
  },
  {
    what: 'Journal des actions',
    why: 'Savoir qui a pris quelle décision, et quand',
    howLong: '5 ans',
    who: 'Équipe du programme',
  },
]

export default function PersonalData() {
  return (
    <div className="fr-container fr-py-6w">
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-10">
          <h1>Données personnelles</h1>
          <p>
            Le responsable de traitement est la Direction interministérielle de la transformation publique (DITP). Les
            traitements reposent sur l’exécution d’une mission d’intérêt public (article 6.1.e du RGPD).
          </p>
          <h2>Ce que nous collectons, pourquoi et combien de temps</h2>
          <div className="fr-table">
            <table>
              <caption>Traitements de données personnelles</caption>
              <thead>
                <tr>
                  <th scope="col">Données</th>
                  <th scope="col">Finalité</th>
                  <th scope="col">Durée de conservation</th>
                  <th scope="col">Qui y a accès</th>
                </tr>
              </thead>
              <tbody>
                {PROCESSINGS.map((p) => (
                  <tr key={p.what}>
                    <td>{p.what}</td>
                    <td>{p.why}</td>
                    <td>{p.howLong}</td>
                    <td>{p.who}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Vos droits</h2>
          <p>
            Vous pouvez accéder à vos données, les rectifier, les effacer ou limiter leur traitement. Depuis « Mon
            compte », vous pouvez modifier votre nom et supprimer votre compte. Pour toute autre demande, écrivez au
            délégué à la protection des données des services du Premier ministre. Vous pouvez aussi adresser une
            réclamation à la CNIL.
          </p>
          <h2>Sous-traitants</h2>
          <p>
            Les e-mails sont envoyés par un prestataire d’envoi, qui ne reçoit que l’adresse du destinataire et le
            contenu du message. Aucune donnée n’est transmise à des fins commerciales.
          </p>
        </div>
      </div>
    </div>
  )
}
