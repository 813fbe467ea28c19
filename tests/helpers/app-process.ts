import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** The production build (build/server.js) started as a real process, for fault-injection tests. */
export interface AppProcess {
  url: string
  child: ChildProcess
  /** Everything the process wrote (its log lines go to stdout, Node's own messages to stderr). */
  output(): string
  /** Still running: neither exited nor killed by a signal. */
  alive(): boolean
  /** Sends SIGKILL: no graceful shutdown, as a crash. */
  kill(): Promise<void>
  stop(): Promise<void>
}

/**
 * A private address for a simulated visitor, sent as X-Forwarded-For to an app that trusts one
 * proxy: many visitors, as in real life, instead of one address hitting the per-address limits.
 */
export function randomClientAddress(): string {
  const octet = () => 1 + Math.floor(Math.random() * 254)
  return `10.${octet()}.${octet()}.${octet()}`
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('port'))))
    })
  })
}

export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort()
  const url = `http://localhost:${port}`
  const child = spawn(process.execPath, ['build/server.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      APP_URL: url,
      SESSION_SECRET: 'faults-secret-faults-secret-faults-secret-0123',
      DEMO_MODE: 'true',
      TEST_HOOKS: 'true',
      LOG_LEVEL: 'warn',
      UPLOADS_DIR: path.join(mkdtempSync(path.join(tmpdir(), 'aic-up-')), 'uploads'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  let output = ''
  child.stderr?.on('data', (chunk) => {
    stderr += chunk
    output += chunk
  })
  child.stdout?.on('data', (chunk) => (output += chunk))
  const started = Date.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Le serveur s’est arrêté : ${stderr}`)
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break
    } catch {
      // not yet listening
    }
    // Type checking and lint run beside the fault tests (scripts/test.mjs): a slow start is not a failure.
    if (Date.now() - started > 100_000) throw new Error(`Le serveur ne démarre pas : ${stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const exited = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode ? resolve() : child.once('exit', () => resolve())))
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    async kill() {
      child.kill('SIGKILL')
      await exited()
    },
    async stop() {
      child.kill('SIGTERM')
      await exited()
    },
  }
}

/** A form post with a CSRF token taken from the page, as a browser without JavaScript would send it. */
export async function postForm(
  baseUrl: string,
  path: string,
  fields: Record<string, string>,
  cookieJar: Map<string, string> = new Map(),
  options: { headers?: Record<string, string>; signal?: AbortSignal } = {},
) {
  const cookieHeader = () => [...cookieJar].map(([k, v]) => `${k}=${v}`).join('; ')
  const remember = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';')
      const [name, ...value] = pair!.split('=')
      cookieJar.set(name!, value.join('='))
    }
  }
  const page = await fetch(`${baseUrl}${path}`, { headers: { ...options.headers, cookie: cookieHeader() }, signal: options.signal })
  remember(page)
  // What the page's form carries besides the fields: the CSRF token and the honeypot fields.
  const html = await page.text()
  const hidden = ['csrf', 'name__confirm', 'from__confirm'].flatMap((name) => {
    const value = new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1]
    return value === undefined ? [] : [[name, value.replaceAll('&amp;', '&')]]
  })
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...options.headers, cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    signal: options.signal,
    body: new URLSearchParams([...hidden, ...Object.entries(fields)]),
  })
  remember(response)
  return response
}

/**
 * Signs in by e-mail code over HTTP, as a person would: asks for a code, reads it in the demo
 * mailbox, posts it. Returns both answers for the caller to check.
 */
export async function signInWithCode(baseUrl: string, email: string, cookieJar: Map<string, string>) {
  const asked = await postForm(baseUrl, '/connexion', { email }, cookieJar)
  const codePage = asked.headers.get('location') ?? ''
  const requestId = new URL(codePage, baseUrl).searchParams.get('demande') ?? ''
  const outbox = await (await fetch(`${baseUrl}/dev/boite-mail?a=${encodeURIComponent(email)}`)).text()
  const code = />Votre code de connexion : (\d{6})</.exec(outbox)?.[1] ?? ''
  const signedIn = await postForm(baseUrl, codePage, { demande: requestId, code }, cookieJar)
  return { asked, signedIn }
}
