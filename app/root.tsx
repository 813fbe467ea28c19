import { setLink } from '@codegouvfr/react-dsfr/link'
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks'
import { json, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLocation, useRouteLoaderData, type ShouldRevalidateFunction } from '@remix-run/react'
import type { ReactNode } from 'react'
import { AuthenticityTokenProvider } from 'remix-utils/csrf/react'
import { HoneypotProvider } from 'remix-utils/honeypot/react'
import { errorPageTitle, GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { DsfrLink } from '#app/components/dsfr-link.tsx'
import { STATEMENT } from '#app/accessibility/statement.server.ts'
import { SiteFooter } from '#app/components/site-footer.tsx'
import { SiteHeader } from '#app/components/site-header.tsx'
import appStyles from '#app/styles/app.css'
import { pageTitle } from '#app/utils/meta.ts'
import { useNonce } from '#app/utils/nonce-provider.ts'
import { STORAGE_GUARD_SCRIPT } from '#app/utils/storage-guard.ts'
import '#app/utils/zod-fr.ts'

// Without this the server renders DSFR links as <a to=…> with no href (STACK.md).
setLink({ Link: DsfrLink as never })

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: '/dsfr/dsfr.min.css' },
  { rel: 'stylesheet', href: '/dsfr/utility/icons/icons.min.css' },
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/dsfr/favicon/favicon.svg', type: 'image/svg+xml' },
  { rel: 'apple-touch-icon', href: '/dsfr/favicon/apple-touch-icon.png' },
]

export const meta: MetaFunction = ({ error }) => [
  { title: error ? errorPageTitle(error) : pageTitle() },
  { name: 'description', content: 'Accélérateur d’initiatives citoyennes et « Je donne mon avis » sur les services publics.' },
]

// Keeps the retry hint of an error response (e.g. 503 when the database is unreachable).
export const headers: HeadersFunction = ({ errorHeaders }) => {
  const headers = new Headers()
  const retryAfter = errorHeaders?.get('Retry-After')
  if (retryAfter) headers.set('Retry-After', retryAfter)
  return headers
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const [csrfToken, csrfCookie] = await context.csrf.commitToken(request)
  return json(
    {
      user: context.user,
      csrfToken,
      honeypot: context.honeypotInputProps(),
      demoMode: context.env.DEMO_MODE,
      accessibilityMention: STATEMENT.mention,
    },
    { headers: csrfCookie ? { 'Set-Cookie': csrfCookie } : {} },
  )
}

export type RootLoaderData = typeof loader

// A public page a cache may keep comes without the form secrets (CSRF token, honeypot fields:
// app/utils/public-cache.server.ts). In the browser the root data is then asked again on the next
// navigation, so a form reached from such a page has its token.
let formSecretsMissing = false
export const shouldRevalidate: ShouldRevalidateFunction = ({ defaultShouldRevalidate }) => formSecretsMissing || defaultShouldRevalidate

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const nonce = useNonce() || undefined
  if (typeof document !== 'undefined') formSecretsMissing = !data?.csrfToken
  // Pages framed by other sites (feedback widget) show no site header or footer.
  const embedded = useLocation().pathname.startsWith('/integration/')
  return (
    <html lang="fr" data-fr-scheme="light" data-fr-theme="light">
      <head>
        <meta charSet="utf-8" />
        {/* Before any other script: pages framed by other sites may get no storage at all. */}
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: STORAGE_GUARD_SCRIPT }} />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#000091" />
        {nonce ? <meta name="csp-nonce" content={nonce} /> : null}
        <Meta />
        <Links />
      </head>
      <body className={embedded ? 'aic-embedded' : undefined}>
        {embedded ? null : (
          <SkipLinks
            links={[
              { label: 'Contenu', anchor: '#contenu' },
              { label: 'Menu', anchor: '#en-tete-main-navigation' },
              { label: 'Pied de page', anchor: '#pied-de-page' },
            ]}
          />
        )}
        <AuthenticityTokenProvider token={data?.csrfToken ?? ''}>
          <HoneypotProvider {...data?.honeypot}>
            {embedded ? null : <SiteHeader user={data?.user ?? null} />}
            <main id="contenu" tabIndex={-1} className={embedded ? undefined : 'aic-page'}>
              {children}
            </main>
            {embedded ? null : <SiteFooter accessibility={data?.accessibilityMention ?? 'non compliant'} />}
          </HoneypotProvider>
        </AuthenticityTokenProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
