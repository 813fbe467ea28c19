import { RemixBrowser } from '@remix-run/react'
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa'
import { startTransition, StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { DsfrLink } from '#app/components/dsfr-link.tsx'
import '#app/utils/zod-fr.ts'

const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content
startReactDsfr({ defaultColorScheme: 'light', Link: DsfrLink, nonce })

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <RemixBrowser />
    </StrictMode>,
  )
})
