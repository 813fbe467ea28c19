// The real programme's criteria and questions (../shared/references/aic-programme.md): used to
// pre-fill a new call and by the demo data. The team edits them per call.
import type { FaqEntry, Jury } from '#db/schema/accelerator.ts'

export interface CriterionInput {
  title: string
  description: string
  levels: [string, string, string, string, string]
  weight: number
  jury: Jury
}

export const PROGRAMME_CRITERIA: CriterionInput[] = [
  {
    title: 'Intérêt général',
    description: 'Le projet sert-il l’intérêt de tous, au-delà de ses seuls membres ?',
    levels: [
      'Le projet sert surtout les intérêts de ses membres ou d’un petit groupe.',
      'Le projet rend service à d’autres personnes, mais de façon limitée ou peu claire.',
      'Le projet répond à un besoin réel d’un public identifié, sans but lucratif.',
      'Le projet répond à un besoin important, pour un large public, et il est ouvert à tous.',
      'Le projet répond à un besoin essentiel, il est ouvert à tous et fait une place aux personnes les plus éloignées.',
    ],
    weight: 3,
    jury: 'both',
  },
  {
    title: 'Impact',
    description: 'L’effet du projet est-il réel, mesuré et suivi par un indicateur ?',
    levels: [
      'Aucun effet mesurable n’est décrit.',
      'Des effets sont annoncés, sans chiffre ni moyen de les vérifier.',
      'Un indicateur existe, avec une valeur de départ et une cible.',
      'L’indicateur est suivi régulièrement et montre déjà des résultats.',
      'Les résultats sont mesurés, vérifiables et importants au regard des moyens engagés.',
    ],
    weight: 3,
    jury: 'both',
  },
  {
    title: 'Maturité du projet',
    description: 'Le projet fonctionne-t-il déjà, avec une équipe et un modèle solides ?',
    levels: [
      'C’est une idée, qui n’a pas encore été essayée.',
      'Un premier essai a eu lieu, à petite échelle.',
      'Le projet fonctionne depuis plusieurs mois, avec une équipe stable.',
      'Le projet fonctionne depuis plus d’un an, avec des financements identifiés.',
      'Le projet est solide, financé, et prêt à changer d’échelle.',
    ],
    weight: 2,
    jury: 'administration',
  },
  {
    title: 'Ouverture, transparence et intégrité',
    description: 'Le projet rend-il publics ses comptes, ses règles et ses méthodes ?',
    levels: [
      'Les informations et les comptes ne sont pas communiqués.',
      'Les informations sont partielles, et données seulement sur demande.',
      'Les comptes et le fonctionnement de la structure sont publiés.',
      'Les comptes, les méthodes et les résultats sont publiés et tenus à jour.',
      'Tout est public : données ouvertes, règles de déontologie écrites et appliquées.',
    ],
    weight: 2,
    jury: 'both',
  },
  {
    title: 'Effet levier de l’accompagnement de l’État',
    description: 'L’appui des administrations peut-il vraiment faire la différence pour ce projet ?',
    levels: [
      'Le projet n’a pas besoin de l’État, ou l’État ne peut pas l’aider.',
      'L’appui de l’État serait utile, mais secondaire.',
      'Le projet a besoin d’un appui précis (données, partenariat, question juridique) que l’État peut apporter.',
      'Les administrations concernées sont identifiées et l’appui attendu est clair.',
      'L’appui de l’État lèverait un blocage majeur et permettrait un déploiement à grande échelle.',
    ],
    weight: 3,
    jury: 'administration',
  },
  {
    title: 'Contribution aux communs',
    description: 'Ce que produit le projet (outils, données, contenus) peut-il être librement réutilisé par d’autres ?',
    levels: [
      'Rien n’est partagé.',
      'Quelques contenus sont partagés, sans licence claire.',
      'Une partie des outils ou des contenus est publiée sous licence libre.',
      'Les outils, les données et les contenus sont sous licence libre et documentés.',
      'Le projet est un commun : d’autres le réutilisent et l’entretiennent avec lui.',
    ],
    weight: 1,
    jury: 'citizen',
  },
  {
    title: 'Gouvernance partagée',
    description: 'Les personnes concernées participent-elles aux décisions du projet ?',
    levels: [
      'Les décisions sont prises par une seule personne.',
      'Les décisions sont prises par un petit groupe, sans consultation.',
      'Les bénévoles ou les usagers sont consultés régulièrement.',
      'Les usagers participent aux instances de décision.',
      'La gouvernance est ouverte et collective, avec des règles écrites et appliquées.',
    ],
    weight: 1,
    jury: 'citizen',
  },
]

export const PROGRAMME_FAQ: FaqEntry[] = [
  {
    question: 'Qui peut candidater ?',
    answer:
      'Une association, un collectif citoyen, une entreprise de l’économie sociale et solidaire, une fondation, ou une administration qui porte le projet avec une association. Le projet doit servir l’intérêt général et fonctionner déjà, au moins à petite échelle.',
  },
  {
    question: 'Combien de temps faut-il pour remplir la candidature ?',
    answer:
      'Comptez deux à trois heures, en plusieurs fois si vous le souhaitez : votre brouillon est enregistré au fur et à mesure. Vous pouvez inviter une autre personne du projet à le compléter avec vous.',
  },
  {
    question: 'Puis-je modifier ma candidature après l’avoir déposée ?',
    answer:
      'Oui, jusqu’à la date limite : rouvrez-la depuis votre espace, modifiez-la, puis déposez-la de nouveau. Après la date limite, elle ne peut plus être modifiée, sauf si l’équipe d’instruction vous demande une correction.',
  },
  {
    question: 'Comment les projets sont-ils choisis ?',
    answer:
      'Les agents des administrations vérifient d’abord que la candidature est complète et que la structure peut candidater. Puis deux jurys évaluent les projets avec la grille publiée sur cette page : les administrations et un panel d’une quinzaine de citoyennes et de citoyens. Les décisions sont publiées ensemble, avec leurs motifs.',
  },
  {
    question: 'En quoi consiste l’accompagnement ?',
    answer:
      'Pendant trois mois, une chargée ou un chargé d’accélération suit votre projet, avec des référents dans les ministères concernés : diagnostic de départ, mises en relation avec les administrations et des experts, comité d’accélération qui peut décider d’un financement par tranches, et présentation finale aux administrations et aux financeurs.',
  },
  {
    question: 'Quel engagement est demandé à l’équipe du projet ?',
    answer: 'Deux personnes du projet s’engagent à consacrer chacune 2 à 3 jours par mois au programme pendant les trois mois d’accompagnement.',
  },
]

export const PROGRAMME_INTRO =
  'L’Accélérateur d’initiatives citoyennes aide des projets d’intérêt général portés par la société civile à grandir avec l’appui des administrations. Les projets retenus sont accompagnés pendant trois mois par la DITP, avec l’appui de la DINUM et des ministères concernés : diagnostic, mises en relation, financement par tranches et présentation finale.'
