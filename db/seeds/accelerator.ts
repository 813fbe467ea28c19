import { sql } from 'kysely'
import { luhn, STRUCTURE_KINDS } from '#app/accelerator/applications/application-form.ts'
import { PROGRAMME_CRITERIA, PROGRAMME_FAQ, PROGRAMME_INTRO } from '#app/accelerator/programme-defaults.ts'
import { now } from '#app/utils/clock.server.ts'
import { storageFor } from '#app/utils/file-storage.server.ts'
import { parisDay, parisLocalToDate } from '#app/utils/paris-time.ts'
import type { Db } from '../client.ts'
import type { ApplicationAnswers, ApplicationState, CallState } from '../schema/accelerator.ts'
import type { SeedContext } from '../seed.ts'
import { DEMO_PROJECTS, type DemoProject } from './accelerator-projects.ts'
import { demoPdf } from './demo-pdf.ts'

const DAY = 24 * 3600 * 1000
const ALL_KINDS = STRUCTURE_KINDS.map((kind) => kind.value)

/** A Paris wall-clock time `days` away from `at`. */
function parisAt(at: Date, days: number, time: string): Date {
  return parisLocalToDate(`${parisDay(new Date(at.getTime() + days * DAY))}T${time}`)!
}

/** Deterministic pseudo-random numbers, so the demo is the same at every reset. */
function random(seed: number) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

function digits(next: () => number, count: number): string {
  return Array.from({ length: count }, () => Math.floor(next() * 10)).join('')
}

function siret(next: () => number): string {
  const body = digits(next, 13)
  for (let check = 0; check <= 9; check++) if (luhn(`${body}${check}`)) return `${body}${check}`
  return `${body}0`
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

const SECOND_CONTACTS = ['Lucas Fabre', 'Chloé Marchand', 'Hugo Lemoine', 'Léa Gauthier', 'Nicolas Barbier', 'Manon Arnaud', 'Maxime Roussel', 'Inès Blanc']
const ROLES = ['Présidente', 'Coordinateur', 'Directrice', 'Trésorier', 'Chargée de projet', 'Fondateur']

function answersFor(project: DemoProject, index: number): ApplicationAnswers {
  const next = random(1000 + index)
  const leaderEmail = `${slugify(project.leader).replace('-', '.')}@exemple.fr`
  const second = SECOND_CONTACTS[index % SECOND_CONTACTS.length]!
  const hasSiret = project.kind !== 'collective'
  const publicAid = Math.round((project.annualBudget * (0.2 + next() * 0.3)) / 1000) * 1000
  const funders = [
    { name: project.kind === 'administration_association' ? 'Région' : 'Département', amount: Math.round(publicAid / 3000) * 1000, kind: 'public' },
    { name: 'Fondation de France', amount: Math.round((project.projectBudget * 0.2) / 1000) * 1000, kind: 'prive' },
    { name: 'Dons et cotisations', amount: Math.round((project.annualBudget * 0.05) / 100) * 100, kind: 'prive' },
  ]
  const budget: Record<string, string> = {
    annualBudget: String(project.annualBudget),
    projectBudget: String(project.projectBudget),
    publicAidThreeYears: String(publicAid),
  }
  funders.forEach((funder, i) => {
    budget[`funder${i + 1}Name`] = funder.name
    budget[`funder${i + 1}Amount`] = String(funder.amount)
    budget[`funder${i + 1}Kind`] = funder.kind
  })
  return {
    structure: {
      name: project.structure,
      kind: project.kind,
      siret: hasSiret ? siret(next) : '',
      rna: project.kind === 'association' ? `W${digits(next, 9)}` : '',
      address: project.city,
      website: `https://www.${slugify(project.structure).slice(0, 30)}.exemple.fr`,
    },
    project: {
      title: project.title,
      summary: project.summary,
      problem: project.problem,
      audience: project.audience,
      territories: project.territories,
    },
    impact: {
      indicatorName: project.indicator.name,
      unit: project.indicator.unit,
      startValue: String(project.indicator.start),
      targetValue: String(project.indicator.target),
      method: 'Nous comptons chaque mois dans notre outil de suivi ; les chiffres sont publiés chaque trimestre sur notre site.',
    },
    strategy: {
      strategy: `Mois 1 et 2 : consolider l’équipe, documenter notre méthode et stabiliser nos financements. Mois 3 et 4 : rencontrer les administrations concernées pour lever les blocages que nous avons identifiés, et signer les premiers partenariats. Mois 5 et 6 : étendre « ${project.title} » à de nouveaux lieux et mesurer les résultats avec notre indicateur principal (${project.indicator.name.toLowerCase()}).`,
    },
    objectives: {
      objective1: 'Identifier les bons interlocuteurs dans les administrations et conclure un partenariat écrit avec au moins l’une d’elles.',
      objective2: 'Consolider notre modèle économique pour ne plus dépendre d’un seul financeur.',
      objective3: `Atteindre ${project.indicator.target} ${project.indicator.unit} (${project.indicator.name.toLowerCase()}) et publier nos résultats.`,
    },
    budget,
    contacts: {
      contact1Name: project.leader,
      contact1Role: ROLES[index % ROLES.length]!,
      contact1Email: leaderEmail,
      contact1Phone: `06 ${digits(next, 2)} ${digits(next, 2)} ${digits(next, 2)} ${digits(next, 2)}`,
      contact2Name: second,
      contact2Role: 'Responsable des bénévoles',
      contact2Email: `${slugify(second).replace('-', '.')}@exemple.fr`,
      contact2Phone: `07 ${digits(next, 2)} ${digits(next, 2)} ${digits(next, 2)} ${digits(next, 2)}`,
      commitment: 'oui',
    },
  }
}

export async function insertCall(
  db: Db,
  input: {
    slug: string
    title: string
    state: CallState
    opensAt: Date
    closesAt: Date
    resultsOn: string
    places: number
    createdBy: string
    settings: { combination: 'weighted' | 'sequential'; topN: number | null; citizenMode: 'numbers' | 'majority_judgment'; adminWeight: number }
  },
): Promise<string> {
  const call = await db
    .insertInto('calls')
    .values({
      slug: input.slug,
      title: input.title,
      intro: PROGRAMME_INTRO,
      opens_at: input.opensAt,
      closes_at: input.closesAt,
      results_on: input.resultsOn,
      places: input.places,
      state: input.state,
      state_changed_at: input.opensAt,
      faq: PROGRAMME_FAQ,
      admin_reviews_per_application: 2,
      citizen_reviews_per_application: 3,
      citizen_scoring_mode: input.settings.citizenMode,
      combination_rule: input.settings.combination,
      admin_jury_weight: input.settings.adminWeight,
      citizen_jury_weight: 100 - input.settings.adminWeight,
      sequential_top_n: input.settings.topN,
      divergence_gap: 1.5,
      created_by: input.createdBy,
      created_at: new Date(input.opensAt.getTime() - 20 * DAY),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('call_grid_versions').values({ call_id: call.id, version: 1, eligible_kinds: ALL_KINDS, created_by: input.createdBy }).execute()
  await db
    .insertInto('call_criteria')
    .values(
      PROGRAMME_CRITERIA.map((criterion, index) => ({
        call_id: call.id,
        version: 1,
        position: index + 1,
        title: criterion.title,
        description: criterion.description,
        level_descriptions: [...criterion.levels],
        weight: criterion.weight,
        jury: criterion.jury,
      })),
    )
    .execute()
  return call.id
}

/** Writes the shared sample files once (UPLOADS_DIR, as the server reads it). */
export async function sampleFiles() {
  const storage = storageFor(process.env)
  const files = {
    // Keyed by kind; the object keys stay as first written (decision 112: stored objects are not renamed).
    statutes: { key: 'demo/statuts-exemple', lines: ['Statuts de l’association (exemple de démonstration)', '', 'Article 1 - Nom', 'Article 2 - Objet : agir pour l’intérêt général.'] },
    accounts: { key: 'demo/comptes-exemple', lines: ['Comptes annuels approuvés (exemple de démonstration)', '', 'Total des produits : 185 000 euros', 'Total des charges : 179 500 euros'] },
    other: { key: 'demo/charte-exemple', lines: ['Charte du collectif (exemple de démonstration)', '', 'Nous agissons ensemble, de façon ouverte et bénévole.'] },
  }
  const sizes: Record<string, number> = {}
  for (const [kind, file] of Object.entries(files)) {
    const bytes = demoPdf(file.lines)
    sizes[kind] = bytes.byteLength
    if (!(await storage.exists(file.key))) await storage.put(file.key, bytes).catch(() => {})
  }
  return { files, sizes }
}

export async function seedApplication(
  db: Db,
  input: {
    callId: string
    ownerId: string
    project: DemoProject
    index: number
    state: ApplicationState
    createdAt: Date
    submittedAt: Date | null
    instructedAt: Date | null
    reviewerId: string
    motivation?: string
    samples: Awaited<ReturnType<typeof sampleFiles>>
  },
) {
  let reference: string | null = null
  if (input.submittedAt) {
    const { n } = await sql<{ n: number }>`SELECT nextval('application_reference_seq')::int AS n`.execute(db).then((r) => r.rows[0]!)
    reference = `AIC-${parisDay(input.submittedAt).slice(0, 4)}-${String(n).padStart(5, '0')}`
  }
  const answers = answersFor(input.project, input.index)
  const application = await db
    .insertInto('applications')
    .values({
      call_id: input.callId,
      owner_id: input.ownerId,
      state: input.state,
      reference,
      answers,
      version: 8,
      submitted_at: input.submittedAt,
      last_submitted_at: input.submittedAt,
      submission_count: input.submittedAt ? 1 : 0,
      state_changed_at: input.instructedAt ?? input.submittedAt ?? input.createdAt,
      state_motivation: input.motivation ?? null,
      created_at: input.createdAt,
      updated_at: input.submittedAt ?? input.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('application_members').values({ application_id: application.id, user_id: input.ownerId, role: 'leader', added_by: input.ownerId, created_at: input.createdAt }).execute()
  if (input.submittedAt) {
    const slug = slugify(input.project.structure).slice(0, 40)
    // The latest accounts are those of the year before the submission.
    const lastYear = Number(parisDay(input.submittedAt).slice(0, 4)) - 1
    const kinds = input.project.kind === 'collective' ? (['other'] as const) : (['statutes', 'accounts'] as const)
    // The names people download are French, written here, never made from the stored kind.
    const names = { statutes: `statuts-${slug}.pdf`, accounts: `comptes-${lastYear}-${slug}.pdf`, other: `charte-${slug}.pdf` }
    for (const kind of kinds) {
      const file = input.samples.files[kind]
      await db
        .insertInto('application_files')
        .values({
          application_id: application.id,
          kind,
          original_name: names[kind],
          content_type: 'application/pdf',
          size_bytes: input.samples.sizes[kind]!,
          sha256: 'demo',
          storage_key: file.key,
          uploaded_by: input.ownerId,
          created_at: input.createdAt,
        })
        .execute()
    }
  }
  const events: Array<{ actor: string; action: string; at: Date; data: Record<string, unknown> }> = [
    { actor: input.ownerId, action: 'application.created', at: input.createdAt, data: { callId: input.callId } },
  ]
  if (input.submittedAt) events.push({ actor: input.ownerId, action: 'application.submitted', at: input.submittedAt, data: { from: 'brouillon', to: 'deposee', reference } })
  if (input.instructedAt) {
    events.push({ actor: input.reviewerId, action: 'application.instruction_started', at: input.instructedAt, data: { from: 'deposee', to: 'en_instruction' } })
    if (input.state === 'sans_suite' || input.state === 'non_retenue') {
      events.push({
        actor: input.reviewerId,
        action: input.state === 'sans_suite' ? 'application.closed_without_action' : 'application.declared_inadmissible',
        at: new Date(input.instructedAt.getTime() + 2 * DAY),
        data: { from: 'en_instruction', to: input.state, motivation: input.motivation },
      })
    }
  }
  await db
    .insertInto('audit_log')
    .values(
      events.map((event) => ({
        actor_id: event.actor,
        action: event.action,
        subject_type: 'application',
        subject_id: application.id,
        data: event.data,
        created_at: event.at,
      })),
    )
    .execute()
  return application.id
}

/** Demo data of the accelerator area, run by `seedDemo` inside its transaction. */
export async function seedAccelerator({ db, users }: SeedContext): Promise<void> {
  const at = now()
  const team = users['equipe@demo.aic.gouv.fr']!
  const samples = await sampleFiles()

  const openCall = await insertCall(db, {
    slug: 'edition-3',
    title: 'Appel à projets, 3e édition',
    state: 'ouvert',
    opensAt: parisAt(at, -12, '09:00'),
    closesAt: parisAt(at, 40, '12:00'),
    resultsOn: parisDay(new Date(at.getTime() + 110 * DAY)),
    places: 10,
    createdBy: team,
    settings: { combination: 'sequential', topN: 15, citizenMode: 'majority_judgment', adminWeight: 50 },
  })
  const evaluationCall = await insertCall(db, {
    slug: 'edition-2',
    title: 'Appel à projets, 2e édition',
    state: 'en_evaluation',
    opensAt: parisAt(at, -110, '09:00'),
    closesAt: parisAt(at, -35, '12:00'),
    resultsOn: parisDay(new Date(at.getTime() + 25 * DAY)),
    places: 9,
    createdBy: team,
    settings: { combination: 'weighted', topN: null, citizenMode: 'numbers', adminWeight: 60 },
  })

  const grants: Array<{ email: string; role: string; callId: string }> = [
    { email: 'instructeur@demo.aic.gouv.fr', role: 'admin_reviewer', callId: openCall },
    { email: 'instructeur@demo.aic.gouv.fr', role: 'admin_reviewer', callId: evaluationCall },
    { email: 'instructrice@demo.aic.gouv.fr', role: 'admin_reviewer', callId: openCall },
    { email: 'instructrice@demo.aic.gouv.fr', role: 'admin_reviewer', callId: evaluationCall },
    { email: 'evaluateur@demo.aic.gouv.fr', role: 'admin_reviewer', callId: evaluationCall },
    ...['citoyenne@', 'citoyen2@', 'citoyenne3@', 'citoyen4@', 'citoyenne5@'].map((prefix) => ({
      email: `${prefix}demo.aic.gouv.fr`,
      role: 'citizen_panelist',
      callId: evaluationCall,
    })),
  ]
  await db
    .insertInto('role_assignments')
    .values(grants.map((grant) => ({ user_id: users[grant.email]!, role: grant.role, scope_type: 'call', scope_id: grant.callId, granted_by: team })))
    .execute()

  const reviewer = users['instructeur@demo.aic.gouv.fr']!
  const leaderIds: string[] = []
  for (const project of DEMO_PROJECTS) {
    const email = `${slugify(project.leader).replace('-', '.')}@exemple.fr`
    const row = await db.insertInto('users').values({ email, display_name: project.leader }).returning('id').executeTakeFirstOrThrow()
    leaderIds.push(row.id)
  }

  // The call in evaluation: 24 submitted applications, 22 of them instructed and ready to be scored.
  const evaluationClose = parisAt(at, -35, '12:00')
  for (const [index, project] of DEMO_PROJECTS.entries()) {
    const state: ApplicationState = index === 22 ? 'sans_suite' : index === 23 ? 'non_retenue' : 'en_instruction'
    await seedApplication(db, {
      callId: evaluationCall,
      ownerId: leaderIds[index]!,
      project,
      index,
      state,
      createdAt: new Date(evaluationClose.getTime() - (60 - index) * DAY),
      submittedAt: new Date(evaluationClose.getTime() - (20 - (index % 18)) * DAY - (index % 5) * 3600 * 1000),
      instructedAt: new Date(evaluationClose.getTime() + (3 + (index % 6)) * DAY),
      reviewerId: index % 2 ? users['instructrice@demo.aic.gouv.fr']! : reviewer,
      motivation:
        state === 'sans_suite'
          ? 'La structure nous a écrit pour retirer sa candidature : elle préfère présenter son projet l’an prochain.'
          : state === 'non_retenue'
            ? 'Les statuts joints sont ceux d’une autre structure et les comptes manquent ; la correction demandée n’a pas été apportée.'
            : undefined,
      samples,
    })
  }

  // The open call: a few applications already submitted, awaiting instruction…
  for (const index of [22, 23, 11]) {
    await seedApplication(db, {
      callId: openCall,
      ownerId: leaderIds[index]!,
      project: DEMO_PROJECTS[index]!,
      index,
      state: 'deposee',
      createdAt: new Date(at.getTime() - (10 - (index % 4)) * DAY),
      submittedAt: new Date(at.getTime() - (5 - (index % 3)) * DAY),
      instructedAt: null,
      reviewerId: reviewer,
      samples,
    })
  }

  // …and Inès's draft, half written.
  const porteuse = users['porteuse@demo.aic.gouv.fr']!
  const draftCreated = new Date(at.getTime() - 3 * DAY)
  const draft = await db
    .insertInto('applications')
    .values({
      call_id: openCall,
      owner_id: porteuse,
      answers: {
        structure: {
          name: 'La Clé des Champs',
          kind: 'association',
          siret: '',
          rna: 'W632004512',
          address: '14 rue Blaise-Pascal, 63000 Clermont-Ferrand',
          website: '',
        },
        project: {
          title: 'Bibliothèque d’outils partagés',
          summary:
            'Nous prêtons des outils de bricolage et de jardinage aux habitants, comme une bibliothèque : perceuses, échelles, tondeuses. Des bénévoles apprennent à s’en servir et à les réparer.',
          problem: '',
          audience: '',
          territories: ['auvergne-rhone-alpes'],
        },
      },
      section_versions: {
        structure: { version: 2, by: porteuse, at: draftCreated.toISOString() },
        project: { version: 3, by: porteuse, at: new Date(draftCreated.getTime() + 3600 * 1000).toISOString() },
      },
      version: 5,
      created_at: draftCreated,
      updated_at: new Date(draftCreated.getTime() + 3600 * 1000),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db.insertInto('application_members').values({ application_id: draft.id, user_id: porteuse, role: 'leader', added_by: porteuse, created_at: draftCreated }).execute()
  await db
    .insertInto('audit_log')
    .values({ actor_id: porteuse, action: 'application.created', subject_type: 'application', subject_id: draft.id, data: { callId: openCall }, created_at: draftCreated })
    .execute()
}
