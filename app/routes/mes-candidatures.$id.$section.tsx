import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  Link,
  unstable_usePrompt as usePrompt,
  useActionData,
  useBeforeUnload,
  useFetcher,
  useLoaderData,
  type ShouldRevalidateFunction,
} from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { z } from 'zod'
import { notFound, requireUser } from '#app/auth/authorize.server.ts'
import { callRules, findMemberApplication, saveSection } from '#app/accelerator/applications.server.ts'
import {
  displayValue,
  fieldId,
  excludedKindMessage,
  readSectionValues,
  sectionBySlug,
  sectionForCall,
  sectionIssues,
  SECTIONS,
  ATTACHMENTS_SECTION,
  type SectionValues,
} from '#app/accelerator/application-form.ts'
import { editability } from '#app/accelerator/application-states.ts'
import { SectionAnswers } from '#app/components/accelerator/answers-view.tsx'
import { SectionFields } from '#app/components/accelerator/section-fields.tsx'
import { SecureForm } from '#app/components/forms.tsx'
import { now } from '#app/utils/clock.server.ts'
import { formatDate, formatTime } from '#app/utils/format.ts'
import { parisDay } from '#app/utils/paris-time.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: pageTitle(data?.sectionTitle ?? 'Ma candidature') }]

const MetaSchema = z.object({
  version: z.coerce.number().int().min(0).max(1_000_000).catch(-1),
  autosave: z.string().optional(),
  suite: z.string().optional(),
})

/** « Enregistré à 14 h 32 » today, « Enregistré le 20 novembre à 14 h 32 » before. */
function savedLabel(at: Date, today: Date): string {
  return parisDay(at) === parisDay(today) ? `Enregistré à ${formatTime(at)}` : `Enregistré le ${formatDate(at).replace(/ \d{4}$/, '')} à ${formatTime(at)}`
}

/**
 * How a conflict names the other member: their name, or « un autre porteur » when their account
 * is gone, capitalised at the start of a sentence and elided after « de » (« d’Inès »).
 */
function otherAuthor(by: string | null) {
  const name = by ?? 'un autre porteur'
  return {
    subject: by ?? 'Un autre porteur',
    name,
    of: /^[aeiouyhàâäéèêëîïôöùûüœ]/i.test(name) ? `d’${name}` : `de ${name}`,
  }
}

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
    application.state === 'correction_demandee' ? (application.correction_request?.fields ?? []).filter((f) => f.section === section.key).map((f) => f.field) : []
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
  const user = requireUser(context, request)
  const section = sectionOr404(params.section)
  const formData = await readForm(request, context)
  const { version, autosave, suite } = MetaSchema.parse(Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === 'string')))
  const values = readSectionValues(section, formData)
  // A type the call excludes is never offered, so it comes from a stale or forged form: refused,
  // with the reason next to the field.
  if (section.key === 'structure') {
    const found = await findMemberApplication(context.db, user, params.id ?? '')
    const rules = found.status === 'member' ? await callRules(context.db, found.application.call_id) : null
    const excluded = rules ? excludedKindMessage(String(values.kind ?? ''), rules) : null
    if (excluded) return json({ status: 'invalid' as const, fieldErrors: { kind: excluded }, values }, { status: 400 })
  }
  const result = await saveSection(context.db, user, params.id ?? '', section, values, version)
  if (result.ok) {
    if (autosave) return json({ status: 'saved' as const, version: result.version, savedAt: result.savedAt.toISOString(), issues: sectionIssues(section, values) })
    const base = `/mes-candidatures/${params.id}`
    // The version in the address makes each save a new address, so the page always reloads its notice (see shouldRevalidate).
    return redirect(suite ? `${base}/${SECTIONS[SECTIONS.indexOf(section) + 1]?.slug ?? ATTACHMENTS_SECTION.slug}` : `${base}/${section.slug}?enregistre=${result.version}`)
  }
  switch (result.reason) {
    case 'not-member': {
      const found = await findMemberApplication(context.db, user, params.id ?? '')
      if (found.status === 'removed') return json({ status: 'removed' as const, values }, { status: 403 })
      throw notFound()
    }
    case 'locked':
      return json({ status: 'locked' as const, message: result.message, values }, { status: 409 })
    case 'too-long':
      return json({ status: 'invalid' as const, fieldErrors: result.fieldErrors, values }, { status: 400 })
    case 'conflict':
      return json(
        {
          status: 'conflict' as const,
          message: `${otherAuthor(result.by).subject} a modifié cette partie pendant que vous écriviez : comparez les deux versions et choisissez celle à garder.`,
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

type ActionData = NonNullable<ReturnType<typeof useActionData<typeof action>>>
type SaveStatus = { kind: 'idle' | 'dirty' | 'saving' } | { kind: 'saved'; at: string } | { kind: 'error'; message: string }

/**
 * Autosave with JavaScript: a short pause after typing, or leaving a field, saves the section in
 * the background with the version it started from. Without JavaScript, the « Enregistrer »
 * buttons do the same as a plain form post.
 */
function useAutosave(wrapperRef: React.RefObject<HTMLDivElement | null>, initialVersion: number, enabled: boolean) {
  const fetcher = useFetcher<typeof action>()
  const version = useRef(initialVersion)
  const form = () => wrapperRef.current?.querySelector('form') ?? null
  const setVersion = (value: number) => {
    version.current = value
    form()?.querySelector<HTMLInputElement>('input[name="version"]')?.setAttribute('value', String(value))
  }
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' })
  const [conflict, setConflict] = useState<Extract<ActionData, { status: 'conflict' }>['conflict'] | null>(null)
  const [stopped, setStopped] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const dirty = useRef(false)
  // One save at a time: a save asked while another is on its way waits for it.
  const pending = useRef(false)

  // New data from the server (a plain save, or a reload): start again from it.
  useEffect(() => {
    version.current = initialVersion
    setStatus({ kind: 'idle' })
  }, [initialVersion])

  const save = useCallback(() => {
    const element = form()
    if (!element || !enabled || conflict || stopped) return
    if (timer.current) clearTimeout(timer.current)
    if (fetcher.state !== 'idle') {
      pending.current = true
      return
    }
    pending.current = false
    const formData = new FormData(element)
    formData.set('autosave', '1')
    formData.set('version', String(version.current))
    dirty.current = false
    setStatus({ kind: 'saving' })
    fetcher.submit(formData, { method: 'post' })
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `form` reads the ref
  }, [enabled, conflict, stopped, fetcher])

  const handled = useRef<unknown>(null)
  useEffect(() => {
    const data = fetcher.data
    if (!data || fetcher.state !== 'idle' || handled.current === data) return
    handled.current = data
    if (data.status === 'saved') {
      setVersion(data.version)
      setStatus({ kind: 'saved', at: data.savedAt })
      if (pending.current) setTimeout(save, 0)
    } else if (data.status === 'conflict') {
      setConflict(data.conflict)
      setStatus({ kind: 'error', message: 'Non enregistré : quelqu’un d’autre a modifié cette section.' })
    } else if (data.status === 'locked') {
      setStopped(data.message)
      setStatus({ kind: 'error', message: 'Non enregistré.' })
    } else if (data.status === 'removed') {
      setStopped('Vous ne faites plus partie de cette candidature : vos modifications ne peuvent plus être enregistrées. Copiez votre texte si vous en avez besoin.')
      setStatus({ kind: 'error', message: 'Non enregistré.' })
    } else if (data.status === 'invalid') {
      setStatus({ kind: 'error', message: 'Non enregistré : corrigez le champ signalé.' })
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `setVersion` reads the ref
  }, [fetcher.data, fetcher.state, save])

  const onChange = useCallback(() => {
    if (!enabled || conflict || stopped) return
    dirty.current = true
    setStatus({ kind: 'dirty' })
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(save, 1500)
  }, [enabled, conflict, stopped, save])

  // Closing the tab right after typing: send what is pending.
  useEffect(() => {
    const flush = () => {
      const element = form()
      if (!dirty.current || !element || conflict || stopped) return
      const formData = new FormData(element)
      formData.set('autosave', '1')
      formData.set('version', String(version.current))
      navigator.sendBeacon?.(window.location.pathname, formData)
      dirty.current = false
    }
    const onVisibility = () => document.visibilityState === 'hidden' && flush()
    window.addEventListener('pagehide', flush)
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      window.removeEventListener('pagehide', flush)
      document.removeEventListener('visibilitychange', onVisibility)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `form` reads the ref
  }, [conflict, stopped])

  // « Enregistrer ma version » after a conflict: save now, from the version just seen.
  const keepMine = useCallback(() => {
    const element = form()
    if (!conflict || !element) return
    setVersion(conflict.version)
    setConflict(null)
    const formData = new FormData(element)
    formData.set('autosave', '1')
    formData.set('version', String(conflict.version))
    dirty.current = false
    setStatus({ kind: 'saving' })
    fetcher.submit(formData, { method: 'post' })
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `form` and `setVersion` read refs
  }, [conflict, fetcher])

  return { status, conflict, stopped, onChange, save, keepMine, serverIssues: fetcher.data && 'issues' in fetcher.data ? fetcher.data.issues : null }
}

function ConflictAlert({
  conflict,
  section,
  mine,
  onKeepMine,
  onTakeTheirs,
}: {
  conflict: { by: string | null; at: string; theirs: SectionValues }
  section: NonNullable<ReturnType<typeof sectionBySlug>>
  mine: SectionValues | null
  onKeepMine?: () => void
  onTakeTheirs?: () => void
}) {
  const author = otherAuthor(conflict.by)
  const differing = section.fields.filter((field) => JSON.stringify(conflict.theirs[field.name] ?? '') !== JSON.stringify(mine?.[field.name] ?? ''))
  return (
    <div className="fr-alert fr-alert--warning fr-mb-3w" role="alert">
      <h2 className="fr-alert__title">
        {author.subject} a modifié cette section à {formatTime(conflict.at)}, pendant que vous écriviez
      </h2>
      <p>
        Pour ne rien écraser, vos dernières modifications n’ont pas été enregistrées. Elles sont toujours dans le formulaire
        ci-dessous : ne quittez pas la page sans avoir choisi. Comparez avec la version enregistrée par {author.name} :
      </p>
      {differing.length ? (
        <ul>
          {differing.map((field) => (
            <li key={field.name}>
              <strong>{field.label}</strong> : {displayValue(field, conflict.theirs[field.name]) || '(vide)'}
            </li>
          ))}
        </ul>
      ) : null}
      <p>Choisissez : enregistrer votre version (elle remplace la sienne), ou abandonner vos modifications et reprendre la sienne.</p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        {onKeepMine ? (
          <li>
            <button type="button" className="fr-btn fr-btn--secondary" onClick={onKeepMine}>
              Enregistrer ma version
            </button>
          </li>
        ) : null}
        <li>
          <a className="fr-btn fr-btn--tertiary" href={`?reprendre=${Date.now()}`} onClick={onTakeTheirs}>
            Reprendre la version {author.of}
          </a>
        </li>
      </ul>
    </div>
  )
}

// Going from one section to the next keeps this route on screen: without a key per section, the
// version the last section reached (by autosaves the loader never saw) would be sent as the next
// section's, a false conflict for a person alone or a missed one between two (issue 17 #2).
/**
 * After « Enregistrer »: a draft keeps every value as typed, even one that is not valid yet, so
 * the notice says it was all kept and names what must still be corrected before the deposit.
 */
function SavedNotice({ notice, sectionKey }: { notice: { at: string; toFix: Array<{ name: string; label: string; message: string }> }; sectionKey: string }) {
  if (!notice.toFix.length) {
    return (
      <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
        <p>Section enregistrée à {formatTime(notice.at)}.</p>
      </div>
    )
  }
  const many = notice.toFix.length > 1
  return (
    <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w" role="status">
      <p>
        Section enregistrée à {formatTime(notice.at)}, avec {many ? `${notice.toFix.length} champs` : 'un champ'} à corriger avant le dépôt. Tout ce
        que vous avez saisi est gardé tel quel, {many ? 'y compris ces champs' : 'y compris ce champ'} :
      </p>
      <ul>
        {notice.toFix.map((item) => (
          <li key={item.name}>
            <a href={`#${fieldId(sectionKey, item.name)}`}>{item.label}</a> : {item.message}
          </li>
        ))}
      </ul>
    </div>
  )
}

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
  const autosave = useAutosave(wrapperRef, actionVersion ?? (data.removed ? 0 : data.version), editable)
  const conflict = autosave.conflict ?? (actionData?.status === 'conflict' ? actionData.conflict : null)
  // Until the person chooses after a conflict, their text lives only in this page: leaving asks first.
  const discarding = useRef(false)
  const guard = Boolean(conflict) && !data.removed && data.edit.editable
  usePrompt({
    when: ({ currentLocation, nextLocation }) => guard && nextLocation.pathname !== currentLocation.pathname,
    message: 'Vos modifications ne sont pas enregistrées. Quitter la page quand même ?',
  })
  useBeforeUnload(
    useCallback(
      (event: BeforeUnloadEvent) => {
        if (!guard || discarding.current) return
        event.preventDefault()
        event.returnValue = ''
      },
      [guard],
    ),
  )


  if (data.removed) {
    const values = actionData && 'values' in actionData ? actionData.values : null
    return values ? (
      <section aria-labelledby="texte-non-enregistre" className="fr-mb-4w">
        <h1 id="texte-non-enregistre" className="fr-h3">
          Votre texte non enregistré
        </h1>
        {section.fields
          .filter((field) => displayValue(field, values[field.name]))
          .map((field) => (
            <div key={field.name} className="fr-mb-2w">
              <p className="fr-text--bold fr-mb-0">{field.label}</p>
              <p className="aic-answer">{displayValue(field, values[field.name])}</p>
            </div>
          ))}
      </section>
    ) : null
  }

  const values = actionData && 'values' in actionData ? actionData.values : data.values
  const issues: Record<string, string | undefined> = {
    ...(autosave.serverIssues ?? data.issues),
    ...(actionData?.status === 'invalid' ? actionData.fieldErrors : {}),
  }
  for (const field of data.correctionFields) issues[field] ??= 'L’équipe d’instruction vous demande de corriger ce champ.'
  const toFixCount = Object.keys(autosave.serverIssues ?? {}).length
  const statusText =
    autosave.status.kind === 'saving'
      ? 'Enregistrement…'
      : autosave.status.kind === 'saved'
        ? `Enregistré à ${formatTime(autosave.status.at)}${toFixCount ? `, avec ${toFixCount > 1 ? `${toFixCount} champs` : 'un champ'} à corriger avant le dépôt` : ''}`
        : autosave.status.kind === 'error'
          ? autosave.status.message
          : autosave.status.kind === 'dirty'
            ? 'Modifications en cours…'
            : (data.savedLabel ?? '')
  return (
    <>
      <h1>{section.title}</h1>
      <p>{section.intro}</p>
      {data.savedNotice && !actionData ? <SavedNotice notice={data.savedNotice} sectionKey={section.key} /> : null}
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
        <ConflictAlert
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
          key={`${data.version}-${actionData?.status ?? ''}`}
          onChange={autosave.onChange}
          onBlur={(event) => {
            if (autosave.status.kind === 'dirty' && (event.target as HTMLElement).matches('input, textarea, select')) autosave.save()
          }}
        >
          <input type="hidden" name="version" defaultValue={actionVersion ?? data.version} />
          <SectionFields section={section} values={values} errors={issues} disabled={actionData?.status === 'locked'} />
          <p className="aic-save-status fr-text--sm" aria-live="polite" role="status">
            {statusText}
          </p>
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
