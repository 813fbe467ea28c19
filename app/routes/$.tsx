import type { LoaderFunctionArgs } from '@remix-run/node'
import { notFound } from '#app/auth/authorize.server.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

// Every unknown address: the DSFR 404 page, with a real 404 status.
export async function loader(_args: LoaderFunctionArgs) {
  throw notFound()
}

export async function action(_args: LoaderFunctionArgs) {
  throw notFound()
}

export default function NotFound() {
  return <GeneralErrorBoundary />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
