import type { AppServices } from '#app/context.server.ts'
import { findPublicService, tellExperience } from '#app/experiences/experiences.server.ts'

/**
 * The Services Publics+ part of the test world: on the demo organisation's first service, one
 * published experience (with its answer) and one waiting for moderation.
 */
export async function experiencesWorld(services: AppServices, world: { userIds: Record<string, string>; ids: Record<string, string> }) {
  const { db } = services
  const service = await findPublicService(db, world.ids.service)
  if (!service) throw new Error('service de test introuvable')
  const tell = async (title: string) => {
    const told = await tellExperience(db, service, { title, body: 'Un récit assez long pour être publié sur le site public.', happenedOn: null, channel: 'counter', feeling: 'neutral', authorName: null, authorEmail: null }, `monde-${title}`)
    if (!told.ok) throw new Error('expérience de test refusée')
    return told.id
  }
  world.ids.experience = await tell('Expérience publiée')
  await db.updateTable('experiences').set({ status: 'published', public_body: 'Un récit publié.', published_at: new Date(), moderated_at: new Date() }).where('id', '=', world.ids.experience).execute()
  world.ids.pendingExperience = await tell('Expérience à modérer')
}
