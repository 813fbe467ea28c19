// Demo data for mentoring: the call of the first edition, its results published (first-edition.ts), seven retained projects; a
// running cohort of four of them followed by Sofia (diagnosis, needs, actions, check-ins,
// introductions, indicator values, a comité d'accélération with its tranches, a comité
// d'engagement next week), and three retained projects left for a new cohort.
import { now } from '#app/utils/clock.server.ts'
import { parisDay, parisLocalToDate } from '#app/utils/paris-time.ts'
import type { SeedContext } from '../seed.ts'
import { DEMO_PROJECTS } from './accelerator-projects.ts'
import { publishedFirstEdition, RETAINED_FIRST_EDITION } from './first-edition.ts'
import { addDays, addMonths } from '#app/utils/days.ts'

export { RETAINED_FIRST_EDITION } from './first-edition.ts'

export async function seedMentoring({ db, users }: SeedContext): Promise<void> {
  const today = parisDay(now())
  const team = users['equipe@demo.aic.gouv.fr']!
  const mentor = users['mentor@demo.aic.gouv.fr']!
  const day = (offset: number) => addDays(today, offset)
  const instant = (offset: number) => parisLocalToDate(`${day(offset)}T10:00`)!

  // The retained applications, in the order of RETAINED_FIRST_EDITION.
  const { callId, retained: applicationIds } = await publishedFirstEdition(db, users, { day, instant })

  const startsOn = day(-40)
  const cohort = await db
    .insertInto('mentoring_cohorts')
    .values({ call_id: callId, name: 'Première promotion', starts_on: startsOn, ends_on: addMonths(startsOn, 3), created_by: team, created_at: instant(-41) })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('role_assignments').values({ user_id: mentor, role: 'mentor', scope_type: 'cohort', scope_id: cohort.id, granted_by: team }).execute()
  const projectIds: string[] = []
  for (const [i, applicationId] of applicationIds.slice(0, 4).entries()) {
    const row = await db
      .insertInto('mentoring_projects')
      .values({
        cohort_id: cohort.id,
        application_id: applicationId,
        mentor_id: mentor,
        health: (['on_track', 'at_risk', 'on_track', 'stuck'] as const)[i]!,
        strengths: 'Une équipe bénévole solide, un modèle éprouvé sur un premier territoire, des partenaires locaux engagés.',
        risks: 'Un financement trop dépendant d’un seul financeur ; des interlocuteurs administratifs encore mal identifiés.',
        success_looks_like: 'Une convention signée avec une administration et un deuxième territoire lancé.',
        diagnosed_at: instant(-36),
        created_at: instant(-40),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    projectIds.push(row.id)
  }

  for (const [i, projectId] of projectIds.entries()) {
    const project = DEMO_PROJECTS[RETAINED_FIRST_EDITION[i]!]!
    const [consolidation, integration] = await db
      .insertInto('mentoring_needs')
      .values([
        { project_id: projectId, kind: 'consolidation', description: 'Diversifier les financements au-delà de la subvention principale.', status: 'in_progress', opened_on: day(-36), created_by: mentor },
        { project_id: projectId, kind: 'integration', description: 'Trouver le bon interlocuteur au ministère pour une convention.', status: i === 0 ? 'met' : 'open', opened_on: day(-36), closed_on: i === 0 ? day(-5) : null, created_by: mentor },
        { project_id: projectId, kind: 'deployment', description: `Préparer l’essaimage de « ${project.title} » dans un deuxième département.`, status: 'open', opened_on: day(-20), created_by: mentor },
      ])
      .returning('id')
      .execute()
    await db
      .insertInto('mentoring_actions')
      .values([
        { project_id: projectId, need_id: consolidation!.id, title: 'Monter un dossier pour une fondation d’entreprise', owner: 'leader', due_on: day(i === 1 ? -6 : 12), status: 'in_progress', created_by: mentor },
        { project_id: projectId, need_id: integration!.id, title: 'Présenter le projet au bureau de l’innovation du ministère', owner: 'mentor', due_on: day(-10), status: i === 0 ? 'done' : 'todo', done_on: i === 0 ? day(-12) : null, created_by: mentor },
      ])
      .execute()
    const checkInDays = i === 3 ? [-35] : [-35, -14]
    for (const [k, offset] of checkInDays.entries()) {
      await db
        .insertInto('mentoring_check_ins')
        .values({
          project_id: projectId,
          held_on: day(offset),
          attendees: `${project.leader} (porteur), Sofia Mentor (chargée d’accélération)`,
          notes: k === 0 ? 'Premier point : diagnostic partagé, besoins priorisés, calendrier des trois mois.' : 'Point d’étape : le dossier de financement avance, la rencontre avec le ministère reste à caler.',
          decisions: k === 0 ? 'Prioriser la convention avec le ministère.' : null,
          private_notes: k === 1 && i === 1 ? 'Tension dans l’équipe bénévole, à suivre discrètement.' : null,
          minutes_spent: k === 0 ? 90 : 60,
          health: (['on_track', 'at_risk', 'on_track', 'stuck'] as const)[i]!,
          created_by: mentor,
          created_at: instant(offset),
        })
        .execute()
    }
    await db
      .insertInto('mentoring_introductions')
      .values([
        { project_id: projectId, organisation: 'Direction interministérielle de la transformation publique', person: 'Bureau de l’innovation', reason: 'Faire connaître le projet et identifier les services concernés.', made_on: day(-30), outcome: 'met', created_by: mentor },
        ...(i < 2 ? [{ project_id: projectId, organisation: 'Préfecture de région', person: null, reason: 'Étudier un financement du fonds de développement de la vie associative.', made_on: day(-12), outcome: 'pending' as const, created_by: mentor }] : []),
      ])
      .execute()
    const step = (project.indicator.target - project.indicator.start) / 4
    await db
      .insertInto('mentoring_indicator_values')
      .values([
        { project_id: projectId, measured_on: day(-38), value: project.indicator.start, created_by: team },
        { project_id: projectId, measured_on: day(-8), value: Math.round(project.indicator.start + step * (i === 3 ? 0.2 : 1.2)), created_by: team },
      ])
      .execute()
  }

  const acceleration = await db
    .insertInto('mentoring_committees')
    .values({ cohort_id: cohort.id, kind: 'acceleration', held_on: day(-10), members: 'DITP – direction du programme\nDINUM – incubateur\nDeux référents ministériels', created_by: team })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('mentoring_committee_items')
    .values(
      projectIds.map((projectId, i) => ({
        committee_id: acceleration.id,
        project_id: projectId,
        preparation_note: 'Diagnostic posé, besoins priorisés ; demande d’une première tranche pour recruter une coordination.',
        decision: i === 3 ? ('postponed' as const) : ('approved' as const),
        amount_euros: i === 3 ? null : 80_000,
        motivation: i === 3 ? 'Le projet doit d’abord stabiliser son équipe ; réexamen au prochain comité.' : 'Besoins clairs et plan de trois mois crédible : première tranche accordée.',
        decided_by: team,
        decided_at: instant(-10),
      })),
    )
    .execute()
  const commitment = await db
    .insertInto('mentoring_committees')
    .values({ cohort_id: cohort.id, kind: 'commitment', held_on: day(5), members: 'Administrations partenaires, financeurs, équipe du programme', created_by: team })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('mentoring_committee_items')
    .values(projectIds.map((projectId, i) => ({ committee_id: commitment.id, project_id: projectId, preparation_note: i < 2 ? 'Présentation de cinq minutes prête, démonstration filmée.' : null })))
    .execute()
}
