// The demo people created by `npm start` on an empty database (DEMO_MODE only).
// Pure data: also shown on the sign-in page in demo mode.
export interface DemoAccount {
  email: string
  name: string
  description: string
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'equipe@demo.aic.gouv.fr', name: 'Camille Équipe', description: 'Équipe du programme (DITP / DINUM)' },
  { email: 'instructeur@demo.aic.gouv.fr', name: 'Karim Instructeur', description: 'Agent instructeur des 2e et 3e éditions de l’appel à projets' },
  { email: 'instructrice@demo.aic.gouv.fr', name: 'Nadia Instructrice', description: 'Agente instructrice des 2e et 3e éditions de l’appel à projets' },
  { email: 'evaluateur@demo.aic.gouv.fr', name: 'Paul Évaluateur', description: 'Agent évaluateur de la 2e édition' },
  { email: 'citoyenne@demo.aic.gouv.fr', name: 'Lucie Citoyenne', description: 'Membre du panel citoyen de la 2e édition' },
  { email: 'citoyen2@demo.aic.gouv.fr', name: 'Marc Citoyen', description: 'Membre du panel citoyen de la 2e édition' },
  { email: 'citoyenne3@demo.aic.gouv.fr', name: 'Aïcha Citoyenne', description: 'Membre du panel citoyen de la 2e édition' },
  { email: 'citoyen4@demo.aic.gouv.fr', name: 'Jean Citoyen', description: 'Membre du panel citoyen de la 2e édition' },
  { email: 'citoyenne5@demo.aic.gouv.fr', name: 'Élodie Citoyenne', description: 'Membre du panel citoyen de la 2e édition' },
  { email: 'mentor@demo.aic.gouv.fr', name: 'Sofia Mentor', description: 'Chargée d’accélération' },
  { email: 'service@demo.aic.gouv.fr', name: 'Hugo Service', description: 'Équipe de service public (ministère de l’Intérieur)' },
  { email: 'porteuse@demo.aic.gouv.fr', name: 'Inès Porteuse', description: 'Porteuse de projet (brouillon sur la 3e édition)' },
]
