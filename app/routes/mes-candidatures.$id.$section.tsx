import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import { z } from 'zod'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { sessionExpired } from '#app/components/accelerator/application-section/session-expired.server.ts'
import { callRules, findMemberApplication, saveSection } from '#app/accelerator/applications/applications.server.ts'
import {
  fieldId,
  readSectionValues,
  sectionBySlug,
  sectionForCall,
  sectionIssues,
  SECTIONS,
  ATTACHMENTS_SECTION,
  type SectionValues,
} from '#app/accelerator/applications/application-form.ts'
import { editability } from '#app/accelerator/applications/application-states.ts'
import { SectionAnswers } from '#app/components/accelerator/answers-view.tsx'
import { SectionFields } from '#app/components/accelerator/section-fields.tsx'
import * as notices from '#app/components/accelerator/application-section/section-notices.tsx'
import { savedLabel, useAutosave, type SectionActionData } from '#app/components/accelerator/application-section/use-autosave.ts'
import { useLeaveGuard } from '#app/components/accelerator/application-section/use-leave-guard.ts'
import { SecureForm } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.sectionTitle ?? 'Ma candidature') }]

const MetaSchema = z.object({
  version: z.coerce.number().int().min(0).max(1_000_000).catch(-1),
  autosave: z.string().optional(),
  suite: z.string().optional(),
})

function sectionOr404(slug: string | undefined) {
  const section = sectionBySlug(slug ?? '')
  if (!section) throw notFound()
  return section
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const section = sectionOr404(params.section)
  const found = await findMemberApplication(context.db, user, params.id ?? '')
  if (found.status === 'none') throw notFound()
  if (found.status === 'removed') return json({ removed: true as const, sectionTitle: section.title, id: params.id ?? '', slug: section.slug })
  const { application, call } = found
  const rules = await callRules(context.db, application.call_id)
  const values = (application.answers[section.key] ?? {}) as SectionValues
  const meta = application.section_versions[section.key]
  const edit = editability(application, call, now())
  const index = SECTIONS.indexOf(section)
  const issues = sectionIssues(section, values, rules)
  const correctionFields =
    application.state === 'correction_demandee'
      ? (application.correction_request?.fields ?? []).filter((f) => f.section === section.key).map((f) => f.field)
      : []
  return json({
    removed: false as const,
    id: application.id,
    slug: section.slug,
    sectionTitle: section.title,
    values,
    version: meta?.version ?? 0,
    savedAt: meta?.at ?? null,
    savedLabel: meta ? savedLabel(new Date(meta.at), now()) : null,
    issues,
    // Right after « Enregistrer » (issue 17 #3): a draft keeps every value as typed, so the notice
    // says so and names the saved values that must still be corrected before the deposit.
    savedNotice:
      meta && new URL(request.url).searchParams.has('enregistre')
        ? {
            at: meta.at,
            toFix: Object.entries(issues).map(([name, message]) => ({ name, label: section.fields.find((f) => f.name === name)?.label ?? name, message })),
          }
        : null,
    // Only the structure types the call admits are offered (issue 17 #5).
    eligibleKinds: rules?.eligibleKinds ?? null,
    edit,
    correctionFields,
    next: SECTIONS[index + 1]?.slug ?? ATTACHMENTS_SECTION.slug,
  })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const section = sectionOr404(params.section)
  const formData = await readForm(request, context)
  const { version, autosave, suite } = MetaSchema.parse(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string')))
  const values = readSectionValues(section, formData)
  // Session expired while writing: never a redirect, which would drop the text (decision 098).
  if (!context.user) return sessionExpired({ autosave: Boolean(autosave), id: params.id ?? '', slug: section.slug, version: Math.max(version, 0), values })
  const user = context.user
  const result = await saveSection(context.db, user, params.id ?? '', section, values, version)
  if (result.ok) {
    const saved = { status: 'saved' as const, version: result.version, savedAt: result.savedAt.toISOString(), issues: sectionIssues(section, values) }
    if (autosave) return json<SectionActionData>(saved)
    const base = `/mes-candidatures/${params.id}`
    // The version in the address makes each save a new address, so the page always reloads its notice (see shouldRevalidate).
    return redirect(
      suite ? `${base}/${SECTIONS[SECTIONS.indexOf(section) + 1]?.slug ?? ATTACHMENTS_SECTION.slug}` : `${base}/${section.slug}?enregistre=${result.version}`,
    )
  }
  switch (result.reason) {
    case 'not-member': {
      const found = await findMemberApplication(context.db, user, params.id ?? '')
      if (found.status === 'removed') return json<SectionActionData>({ status: 'removed' as const, values }, { status: 403 })
      throw notFound()
    }
    case 'locked':
      return json<SectionActionData>({ status: 'locked' as const, message: result.message, values }, { status: 409 })
    case 'invalid':
      return json<SectionActionData>({ status: 'invalid' as const, fieldErrors: result.fieldErrors, values }, { status: 400 })
    case 'conflict':
      return json<SectionActionData>(
        {
          status: 'conflict' as const,
          message: `${notices.otherAuthor(result.by).subject} a modifié cette partie pendant que vous écriviez : comparez les deux versions et choisissez celle à garder.`,
          values,
          conflict: { version: result.version, by: result.by, at: result.at.toISOString(), theirs: result.theirs },
        },
        { status: 409 },
      )
  }
}

// An autosave changes nothing the page shows besides its status line: no need to reload the section.
// Except when it ends during a navigation (the blur of a field autosaves just before « Enregistrer »
// posts the form): the router then loads the next address once for both, and skipping this loader
// would leave the page of the new address with the old data (no « Section enregistrée », issue 17 #3).
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, currentUrl, nextUrl, defaultShouldRevalidate }) =>
  formData?.get('autosave') && currentUrl.pathname === nextUrl.pathname && currentUrl.search === nextUrl.search ? false : defaultShouldRevalidate

export default function SectionRoute() {
  const data = useLoaderData<typeof loader>()
  return <SectionPage key={data.slug} />
}

function SectionPage() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const wrapperRef = useRef<HTMLDivElement>(null)
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  const section = sectionForCall(sectionBySlug(data.slug)!, !data.removed && data.eligibleKinds ? { eligibleKinds: data.eligibleKinds } : null)
  const actionVersion = actionData?.status === 'conflict' ? actionData.conflict.version : null
  // While a conflict from a plain submission is on screen, only an explicit click may save.
  const editable = !data.removed && data.edit.editable && actionData?.status !== 'locked' && actionData?.status !== 'conflict'
  const autosave = useAutosave(wrapperRef, actionVersion ?? (data.removed ? 0 : data.version), editable, {
    applicationId: data.id,
    section,
    savedValues: data.removed ? {} : data.values,
  })
  const conflict = autosave.conflict ?? (actionData?.status === 'conflict' ? actionData.conflict : null)
  // Until the person chooses after a conflict, their text lives only in this page: leaving asks first.
  const discarding = useLeaveGuard(Boolean(conflict) && !data.removed && data.edit.editable)

  if (data.removed) {
    const values = actionData && 'values' in actionData ? actionData.values : null
    return values ? <notices.UnsavedText section={section} values={values} /> : null
  }

  const values = autosave.restored?.values ?? (actionData && 'values' in actionData ? actionData.values : data.values)
  const issues: Record<string, string | undefined> = {
    ...(autosave.serverIssues ?? data.issues),
    ...(actionData?.status === 'invalid' ? actionData.fieldErrors : {}),
  }
  for (const field of data.correctionFields) issues[field] ??= 'L’équipe d’instruction vous demande de corriger ce champ.'
  const toFixCount = Object.keys(autosave.serverIssues ?? {}).length
  return (
    <>
      <h1>{section.title}</h1>
      <p>{section.intro}</p>
      {data.savedNotice && !actionData ? <notices.SavedNotice notice={data.savedNotice} sectionKey={section.key} /> : null}
      {autosave.failure ? <notices.SaveFailureBanner failure={autosave.failure} signIn={autosave.signIn} onRetry={autosave.save} /> : null}
      {autosave.restored ? <notices.RestoredNotice at={autosave.restored.at} /> : null}
      {actionData?.status === 'invalid' ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-3w" role="alert">
          <p>Section non enregistrée : rien n’a changé depuis le dernier enregistrement. Corrigez le champ signalé, puis enregistrez à nouveau.</p>
        </div>
      ) : null}
      {data.correctionFields.length ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
          <p>L’équipe d’instruction vous demande de corriger {data.correctionFields.length > 1 ? 'les champs signalés' : 'le champ signalé'} ci-dessous.</p>
        </div>
      ) : null}
      {!data.edit.editable || actionData?.status === 'locked' || autosave.stopped ? (
        <div className="fr-alert fr-alert--info fr-mb-3w" role={actionData?.status === 'locked' || autosave.stopped ? 'alert' : undefined}>
          <p>{autosave.stopped ?? (actionData?.status === 'locked' ? actionData.message : !data.edit.editable ? data.edit.reason : '')}</p>
        </div>
      ) : null}
      {conflict ? (
        <notices.ConflictAlert
          conflict={conflict}
          section={section}
          mine={values}
          onKeepMine={hydrated && autosave.conflict ? autosave.keepMine : undefined}
          onTakeTheirs={() => (discarding.current = true)}
        />
      ) : null}

      {data.edit.editable ? (
        <div ref={wrapperRef}>
          <SecureForm
            method="post"
            noValidate
            key={`${data.version}-${actionData?.status ?? ''}-${autosave.restored?.at ?? ''}`}
            onChange={autosave.onChange}
            onBlur={(event) => {
              if (autosave.status.kind === 'dirty' && (event.target as HTMLElement).matches('input, textarea, select')) autosave.save()
            }}
          >
            <input type="hidden" name="version" defaultValue={actionVersion ?? data.version} />
            <SectionFields section={section} values={values} errors={issues} disabled={actionData?.status === 'locked'} />
            <notices.SaveStatusLine status={autosave.status} lastOutcome={autosave.lastOutcome} toFixCount={toFixCount} savedLabel={data.savedLabel} />
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button type="submit" className="fr-btn">
                  {conflict ? 'Enregistrer ma version' : 'Enregistrer'}
                </button>
              </li>
              <li>
                <button type="submit" name="suite" value="1" className="fr-btn fr-btn--secondary">
                  Enregistrer et passer à la suite
                </button>
              </li>
            </ul>
          </SecureForm>
        </div>
      ) : (
        <>
          <SectionAnswers section={section} answers={{ [section.key]: data.values }} headingLevel={2} />
          <Link to={`/mes-candidatures/${data.id}/${data.next}`}>Section suivante</Link>
        </>
      )}
      {Object.keys(data.issues).length && !conflict ? (
        <p className="fr-text--sm fr-mt-2w">
          Les points signalés n’empêchent pas d’enregistrer votre brouillon ; ils devront être corrigés avant le dépôt.{' '}
          <a href={`#${fieldId(section.key, Object.keys(data.issues)[0]!)}`}>Aller au premier point</a>
        </p>
      ) : null}
    </>
  )
}
