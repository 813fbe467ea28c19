import { parseWithZod } from '@conform-to/zod/v4'
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { SecureForm, TextField } from '#app/components/forms.tsx'
import { isValidSiret } from '#app/accelerator/applications/application-form.ts'
import { updateProfile, updateProfileSiret } from '#app/auth/account.server.ts'
import { requireUser } from '#app/auth/authorize.server.ts'
import { ROLES } from '#app/auth/roles.ts'
import { scopeLabel } from '#app/auth/scopes.server.ts'
import { endAllSessions } from '#app/auth/session.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { shortText } from '#app/utils/validation.ts'

export const meta: MetaFunction = () => [{ title: pageTitle('Mon compte') }]

// What a person types: spaces and dots between the groups of digits are allowed, as on a Kbis extract.
const SiretSchema = z
  .string()
  .max(40, 'Le numéro SIRET compte 14 chiffres : vérifiez-le.')
  .optional()
  .transform((value) => (value ?? '').replace(/[\s.\u00a0\u202f]/g, ''))
  .superRefine((value, ctx) => {
    if (value === '') return
    if (!/^\d{14}$/.test(value)) ctx.addIssue({ code: 'custom', message: 'Le numéro SIRET compte 14 chiffres, sans lettres : vérifiez-le.' })
    else if (!isValidSiret(value)) ctx.addIssue({ code: 'custom', message: 'Ce numéro SIRET n’est pas valide : vérifiez les 14 chiffres.' })
  })

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('profile'), displayName: shortText('votre nom', 120) }),
  z.object({ intent: z.literal('organisation'), siret: SiretSchema }),
  z.object({ intent: z.literal('sign_out_everywhere') }),
], { error: 'Cette action n’existe pas sur cette page.' })

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request)
  const roles = await Promise.all(
    user.roles.map(async (grant) => ({
      key: `${grant.role}:${grant.scopeId}`,
      label: ROLES[grant.role].label,
      scope: await scopeLabel(context.db, grant.scopeType, grant.scopeId),
    })),
  )
  const organisation = await context.db.selectFrom('users').select(['siret', 'profile_siret']).where('id', '=', user.id).executeTakeFirstOrThrow()
  const sessions = await context.db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_id', '=', user.id)
    .executeTakeFirstOrThrow()
  return json({
    email: user.email,
    displayName: user.displayName ?? '',
    proconnectSiret: organisation.siret,
    profileSiret: organisation.profile_siret ?? '',
    roles,
    sessionCount: sessions.count,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request)
  const submission = parseWithZod(await readForm(request, context), { schema: ActionSchema })
  if (submission.status !== 'success') return json({ result: submission.reply() }, { status: 400 })
  if (submission.value.intent === 'sign_out_everywhere') {
    const cookie = await endAllSessions(context.auth, user.id)
    return redirect('/connexion?deconnecte-partout=1', { headers: { 'Set-Cookie': cookie } })
  }
  if (submission.value.intent === 'organisation') {
    const outcome = await updateProfileSiret(context.db, user, submission.value.siret || null)
    return redirect(`/profil?enregistre=${outcome === 'removed' ? 'siret-efface' : 'siret'}#organisation`)
  }
  await updateProfile(context.db, user, { displayName: submission.value.displayName })
  return redirect('/profil?enregistre=1')
}

const SAVED: Record<string, string> = {
  '1': 'Vos informations sont enregistrées.',
  siret: 'Le SIRET de votre organisation est enregistré.',
  'siret-efface': 'Le SIRET de votre organisation est effacé.',
}

/** 130 025 265 00013: SIREN in groups of three, then the establishment's five digits. */
const formatSiret = (siret: string) => `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`

export default function Profile() {
  const data = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [params] = useSearchParams()
  const errors = actionData?.result.error ?? {}
  // A refused SIRET stays in the field, as typed, next to its message.
  const typed = actionData?.result.initialValue?.siret
  const typedSiret = typeof typed === 'string' ? typed : null
  return (
    <div className="fr-container fr-py-6w">
      <h1>Mon compte</h1>
      {params.get('enregistre') ? (
        <div className="fr-alert fr-alert--success fr-alert--sm fr-mb-3w" role="status">
          <p>{SAVED[params.get('enregistre')!] ?? SAVED['1']}</p>
        </div>
      ) : null}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-7">
          <section aria-labelledby="identite" className="fr-mb-6w">
            <h2 id="identite">Mes informations</h2>
            <p>
              Adresse e-mail de connexion : <strong>{data.email}</strong>
            </p>
            <SecureForm method="post" noValidate>
              <input type="hidden" name="intent" value="profile" />
              <TextField
                label="Prénom et nom"
                hint="Affichés aux personnes avec qui vous travaillez (équipe du programme, co-porteurs)."
                name="displayName"
                autoComplete="name"
                defaultValue={data.displayName}
                required
                errors={errors.displayName}
              />
              <button type="submit" className="fr-btn">
                Enregistrer
              </button>
            </SecureForm>
          </section>
          <section aria-labelledby="organisation" className="fr-mb-6w">
            <h2 id="organisation">Mon organisation</h2>
            <p>
              Si vous évaluez des candidatures, le numéro SIRET de votre organisation sert à repérer les conflits d’intérêts : une structure candidate de
              la même entreprise ou de la même association ne vous sera pas confiée.
            </p>
            {data.proconnectSiret ? (
              <p>
                ProConnect nous a transmis le SIRET <strong>{formatSiret(data.proconnectSiret)}</strong> : c’est lui qui est utilisé tant que vous vous
                connectez avec ProConnect.
              </p>
            ) : null}
            <SecureForm method="post" noValidate>
              <input type="hidden" name="intent" value="organisation" />
              <TextField
                // Remounted on save: the field then shows the number as stored (14 digits, spaces removed).
                key={data.profileSiret}
                label="Numéro SIRET de votre organisation (facultatif)"
                hint="14 chiffres, par exemple 130 025 265 00013. Laissez vide pour l’effacer."
                name="siret"
                inputMode="numeric"
                autoComplete="off"
                maxLength={40}
                defaultValue={typedSiret ?? data.profileSiret}
                errors={errors.siret}
              />
              <button type="submit" className="fr-btn fr-btn--secondary">
                Enregistrer le SIRET
              </button>
            </SecureForm>
          </section>
          <section aria-labelledby="roles" className="fr-mb-6w">
            <h2 id="roles">Mes rôles</h2>
            {data.roles.length === 0 ? (
              <p>
                Vous n’avez pas de rôle particulier : vous pouvez déposer et suivre des candidatures. Les autres rôles
                sont attribués sur invitation de l’équipe du programme.
              </p>
            ) : (
              <ul>
                {data.roles.map((role) => (
                  <li key={role.key}>
                    {role.label}
                    {role.scope ? ` — ${role.scope}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
        <div className="fr-col-12 fr-col-md-5">
          <section aria-labelledby="securite" className="fr-mb-6w">
            <h2 id="securite">Sécurité</h2>
            <p>
              {data.sessionCount > 1
                ? `Votre compte est ouvert sur ${data.sessionCount} appareils ou navigateurs.`
                : 'Votre compte est ouvert sur cet appareil seulement.'}
            </p>
            <SecureForm method="post">
              <input type="hidden" name="intent" value="sign_out_everywhere" />
              <button type="submit" className="fr-btn fr-btn--secondary">
                Me déconnecter de tous les appareils
              </button>
            </SecureForm>
          </section>
          <section aria-labelledby="mes-donnees" className="fr-mb-6w">
            <h2 id="mes-donnees">Mes données</h2>
            <p>Téléchargez tout ce que le service conserve sur vous, dans un fichier lisible par une machine (JSON).</p>
            <a className="fr-link fr-icon-download-line fr-link--icon-left" href="/profil/mes-donnees" download>
              Télécharger mes données
            </a>
          </section>
          <section aria-labelledby="suppression">
            <h2 id="suppression">Supprimer mon compte</h2>
            <p>Vous pouvez supprimer votre compte à tout moment. Nous vous expliquons ce qui est effacé et ce qui est conservé.</p>
            <Link className="fr-btn fr-btn--tertiary" to="/profil/suppression">
              Supprimer mon compte
            </Link>
          </section>
        </div>
      </div>
    </div>
  )
}
