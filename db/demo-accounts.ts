// The demo people created by `npm start` on an empty database (DEMO_MODE only).
// Pure data: also shown on the sign-in page in demo mode.
export interface DemoAccount {
  email: string
  name: string
  description: string
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'equipe@demo.aic.gouv.fr', name: 'Camille Équipe', description: 'Équipe du programme (DITP / DINUM)' },
  { email: 'instructeur@demo.aic.gouv.fr', name: 'Karim Instructeur', description: 'Agent instructeur de l’appel 2026' },
  { email: 'citoyenne@demo.aic.gouv.fr', name: 'Lucie Citoyenne', description: 'Membre du panel citoyen de l’appel 2026' },
  { email: 'mentor@demo.aic.gouv.fr', name: 'Sofia Mentor', description: 'Chargée d’accélération' },
  { email: 'service@demo.aic.gouv.fr', name: 'Hugo Service', description: 'Équipe de service public (ministère de l’Intérieur)' },
  { email: 'porteuse@demo.aic.gouv.fr', name: 'Inès Porteuse', description: 'Porteuse de projet' },
]
