// A local OpenID Connect provider that plays ProConnect in the tests (browser journeys and
// integration tests), on loopback only. It behaves like ProConnect where it matters to us:
// authorisation code flow with PKCE required, RS256-signed ID token and UserInfo JWT, claims
// email / given_name / usual_name / siret / organization_label, end-session with
// id_token_hint, state and post_logout_redirect_uri, no consent screen, SSO between sign-ins.
//
// Run alone: `node tests/e2e/proconnect-provider.mjs` (Playwright starts it, see
// playwright.config.ts). Test-only extra: POST /__test__/codes/expire (code=…) makes an
// authorisation code expire now.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto'
import http from 'node:http'
import { pathToFileURL } from 'node:url'
import Provider from 'oidc-provider'
import { proconnectTestConfig } from './proconnect-test-config.mjs'

/** The agents this provider knows. Keys are what the login page posts. */
export const PROCONNECT_TEST_USERS = {
  'agent-invite': {
    label: 'Agent invité·e par l’équipe du programme',
    email: 'camille.durand@interieur.gouv.fr',
    email_verified: true,
    given_name: 'Camille',
    usual_name: 'Durand',
    siret: '11000201100044',
    organization_label: 'Ministère de l’Intérieur',
    organizational_unit: 'Direction du numérique',
  },
  'agent-inconnu': {
    label: 'Agent que personne n’a encore invité',
    email: 'dominique.martin@culture.gouv.fr',
    email_verified: true,
    given_name: 'Dominique',
    usual_name: 'Martin',
    siret: '11004601800013',
    organization_label: 'Ministère de la Culture',
  },
  'adresse-non-verifiee': {
    label: 'Agent dont l’adresse e-mail n’est pas vérifiée',
    email: 'claude.bernard@exemple.gouv.fr',
    email_verified: false,
    given_name: 'Claude',
    usual_name: 'Bernard',
    siret: '13002526500013',
    organization_label: 'Direction interministérielle du numérique',
  },
  'jeton-autre-service': {
    label: 'Agent dont le jeton d’identité est émis pour un autre service',
    email: 'alix.petit@finances.gouv.fr',
    email_verified: true,
    given_name: 'Alix',
    usual_name: 'Petit',
    siret: '11000401900013',
    organization_label: 'Ministère de l’Économie et des Finances',
    idTokenAudience: 'autre-service',
  },
}

/** ProConnect's `sub` is an opaque hex string; here a stable hash of the account key. */
export function testSubject(key) {
  return createHash('sha256').update(`proconnect-test:${key}`).digest('hex')
}

const SCOPE_CLAIMS = {
  openid: ['sub'],
  email: ['email', 'email_verified'],
  given_name: ['given_name'],
  usual_name: ['usual_name'],
  siret: ['siret'],
  organization_label: ['organization_label'],
  organizational_unit: ['organizational_unit'],
  uid: ['uid'],
  idp_id: ['idp_id'],
}

const escapeHtml = (value) =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

function page(title, body) {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – ProConnect (test)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#161616}
button{font:inherit;padding:.5rem 1rem;margin:.25rem 0;background:#000091;color:#fff;border:0;cursor:pointer;text-align:left;width:100%}
button.secondaire{background:#fff;color:#000091;border:1px solid #000091}form{margin:0}</style></head>
<body><main><p><strong>ProConnect</strong> — fournisseur d’identité de test (aucune donnée réelle)</p>${body}</main></body></html>`
}

/** An in-memory store the test can reach into (to make a code expire). */
class TestAdapter {
  constructor(model, store) {
    this.model = model
    this.store = store
  }
  key(id) {
    return `${this.model}:${id}`
  }
  async upsert(id, payload, expiresIn) {
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity
    this.store.set(this.key(id), { payload, expiresAt })
    if (this.model === 'Session') this.store.set(`SessionUid:${payload.uid}`, { payload: id, expiresAt })
  }
  async find(id) {
    const entry = this.store.get(this.key(id))
    return entry && entry.expiresAt > Date.now() ? entry.payload : undefined
  }
  async findByUid(uid) {
    const entry = this.store.get(`SessionUid:${uid}`)
    return entry ? this.find(entry.payload) : undefined
  }
  async findByUserCode() {
    return undefined
  }
  async consume(id) {
    const entry = this.store.get(this.key(id))
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000)
  }
  async destroy(id) {
    this.store.delete(this.key(id))
  }
  async revokeByGrantId(grantId) {
    for (const [key, entry] of this.store) {
      if (entry.payload && typeof entry.payload === 'object' && entry.payload.grantId === grantId) this.store.delete(key)
    }
  }
}

async function readBody(req) {
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
}

/**
 * Starts the provider. `port: 0` picks a free port (integration tests). Returns its issuer,
 * the client credentials and `expireCode(code)`.
 */
export async function startProConnectTestProvider({ port, appUrl, clientId, clientSecret, host = '127.0.0.1' }) {
  const store = new Map()
  const usersBySub = new Map(Object.entries(PROCONNECT_TEST_USERS).map(([key, user]) => [testSubject(key), { key, ...user }]))
  let provider

  function expireCode(code) {
    const entry = store.get(`AuthorizationCode:${code}`)
    if (entry) entry.payload.exp = Math.floor(Date.now() / 1000) - 1
    return Boolean(entry)
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      const interaction = url.pathname.match(/^\/interaction\/([\w-]+)(\/(login|abort))?$/)
      if (interaction) return await handleInteraction(req, res, interaction[3])
      if (url.pathname === '/__test__/codes/expire' && req.method === 'POST') {
        const expired = expireCode((await readBody(req)).get('code') ?? '')
        res.writeHead(expired ? 204 : 404).end()
        return
      }
      return provider.callback()(req, res)
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`Erreur du fournisseur de test : ${error}`)
    }
  })

  async function handleInteraction(req, res, action) {
    const details = await provider.interactionDetails(req, res)
    if (action === 'login' && req.method === 'POST') {
      const key = (await readBody(req)).get('compte') ?? ''
      if (!Object.hasOwn(PROCONNECT_TEST_USERS, key)) {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Compte inconnu', '<h1>Compte inconnu</h1>'))
        return
      }
      await provider.interactionFinished(req, res, { login: { accountId: testSubject(key) } }, { mergeWithLastSubmission: false })
      return
    }
    if (action === 'abort' && req.method === 'POST') {
      await readBody(req)
      await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Connexion annulée par l’agent' }, { mergeWithLastSubmission: false })
      return
    }
    const buttons = Object.entries(PROCONNECT_TEST_USERS)
      .map(
        ([key, user]) => `<li><form method="post" action="/interaction/${details.uid}/login">
<input type="hidden" name="compte" value="${key}">
<button type="submit">${escapeHtml(`${user.given_name} ${user.usual_name} — ${user.email}`)}<br><small>${escapeHtml(user.label)}</small></button></form></li>`,
      )
      .join('\n')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(
      page(
        'S’identifier',
        `<h1>S’identifier avec ProConnect</h1><p>Choisissez l’agent à connecter.</p><ul>${buttons}</ul>
<form method="post" action="/interaction/${details.uid}/abort"><button class="secondaire" type="submit">Annuler et revenir au service</button></form>`,
      ),
    )
  }

  await new Promise((resolve) => server.listen(port, host, resolve))
  const address = server.address()
  const issuer = `http://${host}:${typeof address === 'object' && address ? address.port : port}`

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' }
  const clientDefaults = {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    userinfo_signed_response_alg: 'RS256',
  }

  provider = new Provider(issuer, {
    adapter: (model) => new TestAdapter(model, store),
    clients: [
      {
        ...clientDefaults,
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${appUrl}/connexion/proconnect/retour`],
        post_logout_redirect_uris: [`${appUrl}/deconnexion/proconnect`],
      },
      // Another service of the federation: its ID tokens must never open a session with us.
      {
        ...clientDefaults,
        client_id: 'autre-service',
        client_secret: 'secret-d-un-autre-service-0123456789',
        redirect_uris: ['http://127.0.0.1:9/retour'],
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: SCOPE_CLAIMS,
    scopes: Object.keys(SCOPE_CLAIMS),
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // ProConnect ends its session without asking: the confirmation form submits itself.
        logoutSource: async (ctx, form) => {
          ctx.type = 'html'
          ctx.body = page(
            'Déconnexion',
            `<h1>Déconnexion de ProConnect</h1>${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter de ProConnect</button>
<script>document.querySelector('button[name=logout]').click()</script>`,
          )
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html'
          ctx.body = page('Déconnecté', '<h1>Vous êtes déconnecté·e de ProConnect.</h1>')
        },
      },
    },
    pkce: { required: () => true },
    routes: { authorization: '/authorize', userinfo: '/userinfo', end_session: '/session/end' },
    ttl: { AuthorizationCode: 30, AccessToken: 60, IdToken: 3600, Interaction: 600, Session: 12 * 3600, Grant: 12 * 3600 },
    interactions: { url: async (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const user = usersBySub.get(sub)
      if (!user) return undefined
      return {
        accountId: sub,
        async claims() {
          const { label: _label, key, idTokenAudience: _aud, ...claims } = user
          return { sub, uid: key, idp_id: 'fournisseur-de-test', ...claims }
        },
      }
    },
    // No consent screen: ProConnect does not show one either.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId)
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId)
        if (existing) return existing
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId })
      grant.addOIDCScope(String(ctx.oidc.params.scope ?? 'openid'))
      await grant.save()
      return grant
    },
    async renderError(ctx, out) {
      ctx.type = 'html'
      ctx.body = page('Erreur', `<h1>Erreur du fournisseur d’identité</h1><p>${escapeHtml(out.error)} : ${escapeHtml(out.error_description ?? '')}</p>`)
    },
  })

  // An agent flagged `idTokenAudience` gets a correctly signed ID token issued for another
  // client: the service must refuse it.
  provider.use(async (ctx, next) => {
    await next()
    if (ctx.oidc?.route !== 'token' || ctx.status !== 200 || !ctx.body?.id_token) return
    const claims = JSON.parse(Buffer.from(ctx.body.id_token.split('.')[1], 'base64url').toString('utf8'))
    const user = usersBySub.get(claims.sub)
    if (!user?.idTokenAudience) return
    const other = await provider.Client.find(user.idTokenAudience)
    const token = new provider.IdToken({ sub: claims.sub }, { ctx, client: other })
    token.scope = 'openid'
    token.set('nonce', claims.nonce)
    ctx.body = { ...ctx.body, id_token: await token.issue({ use: 'idtoken' }) }
  })

  return {
    issuer,
    clientId,
    clientSecret,
    expireCode,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const config = proconnectTestConfig(Number(process.env.E2E_PORT ?? 3100))
  const running = await startProConnectTestProvider({
    port: config.port,
    appUrl: config.appUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
  })
  console.log(`Fournisseur ProConnect de test : ${running.issuer}`)
  const stop = () => void running.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
