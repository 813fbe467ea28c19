import { hasRole, type SessionUser } from '#app/auth/roles.ts'

export interface NavItem {
  text: string
  href: string
}

/**
 * Main navigation by role. The server decides what each person may do; this only chooses
 * which entries to show. Each area adds its entries here.
 */
export function navigationFor(user: SessionUser | null): NavItem[] {
  const items: NavItem[] = [
    { text: 'Accueil', href: '/' },
    { text: 'Appels à projets', href: '/appels' },
    { text: 'Expériences des usagers', href: '/experiences' },
  ]
  if (!user) return items
  if (hasRole(user, 'programme_team')) items.push({ text: 'Équipe du programme', href: '/equipe' })
  if (hasRole(user, 'admin_reviewer')) items.push({ text: 'Instruction', href: '/instruction' })
  if (hasRole(user, 'citizen_panelist')) items.push({ text: 'Panel citoyen', href: '/panel' })
  if (hasRole(user, 'mentor')) items.push({ text: 'Accompagnement', href: '/accompagnement' })
  if (hasRole(user, 'service_team')) items.push({ text: 'Mes services', href: '/services' })
  items.push({ text: 'Mes candidatures', href: '/mes-candidatures' })
  return items
}
