// One way for the integration tests to call a route module's loader or action (issue 18, point 8;
// decision 109): the request a browser would send, the context the server would give, and the
// answer read once, thrown responses included.
import type { AppLoadContext, SerializeFrom } from '@remix-run/node'
import type { AppServices } from '#app/context.server.ts'
import type { SessionUser } from '#app/auth/roles.ts'
import { contextFor, formRequest, getRequest } from './context.ts'

/** A route module's `loader` or `action`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Remix's own constraint for SerializeFrom; the argument is built here
export type RouteHandler = (args: any) => unknown

export interface RouteCall {
  /** The signed-in person (none: anonymous). */
  user?: SessionUser | null
  /** The URL path with its query string (default `/`). */
  path?: string
  params?: Record<string, string>
  /** Form fields: a POST from one of our forms (a repeated field is an array; a `File` makes it an upload), with the CSRF token. */
  fields?: Record<string, string | string[] | File>
  /** `false` sends the form without its CSRF token. */
  csrf?: boolean
  /** Headers added to the request built from `path` and `fields` (an API key, `Accept`…). */
  headers?: Record<string, string>
  /** A request the test builds itself (a JSON body, headers…); `path` and `fields` are then ignored. */
  request?: Request
  /** What differs from the usual test context (another `ipHash`, a session…). */
  context?: Partial<AppLoadContext>
}

export interface RouteResult<T> {
  status: number
  /** `Location` of a redirect. */
  location: string | null
  headers: Headers
  /** The body: parsed JSON, else its text (null when empty); a value returned without a Response as it is. */
  body: unknown
  /** The same body, typed as the page receives it (the loader's or action's `SerializeFrom`). */
  data: T
  /** The body's bytes (a file, an export); empty for a plain value. */
  bytes: Uint8Array
  /** The Response itself (its body already read), or null when the handler returned a plain value. */
  response: Response | null
  /** The Response was thrown, not returned: Remix then renders the error boundary, not the page. */
  thrown: boolean
}

/** The request `callRoute` sends: a GET of `path`, or a POST of `fields` with the CSRF token, with `headers` added. */
export async function routeRequest(services: AppServices, call: RouteCall): Promise<Request> {
  if (call.request) return call.request
  const path = call.path ?? '/'
  const request = call.fields ? await formRequest(services, path, call.fields, { csrf: call.csrf }) : getRequest(path)
  if (!call.headers) return request
  const headers = new Headers(request.headers)
  for (const [name, value] of Object.entries(call.headers)) headers.set(name, value)
  return new Request(request, { headers })
}

/**
 * Calls a loader or action as Remix would, for `call.user`, and reads its answer: status, redirect,
 * headers, and the body (a thrown Response is an answer like any other; anything else thrown fails).
 */
export async function callRoute<H extends RouteHandler>(services: AppServices, handler: H, call: RouteCall = {}): Promise<RouteResult<SerializeFrom<H>>> {
  const request = await routeRequest(services, call)
  const context = { ...(await contextFor(services, call.user ?? null)), ...call.context } as AppLoadContext
  let returned: unknown
  let thrown = false
  try {
    returned = await handler({ request, context, params: call.params ?? {} })
  } catch (error) {
    if (!(error instanceof Response)) throw error
    returned = error
    thrown = true
  }
  if (!(returned instanceof Response)) {
    return { status: 200, location: null, headers: new Headers(), body: returned, data: returned as SerializeFrom<H>, bytes: new Uint8Array(), response: null, thrown }
  }
  const bytes = new Uint8Array(await returned.arrayBuffer())
  const text = new TextDecoder().decode(bytes)
  let body: unknown = text === '' ? null : text
  try {
    if (text) body = JSON.parse(text)
  } catch {
    /* plain text */
  }
  return {
    status: returned.status,
    location: returned.headers.get('Location'),
    headers: returned.headers,
    body,
    data: body as SerializeFrom<H>,
    bytes,
    response: returned,
    thrown,
  }
}

