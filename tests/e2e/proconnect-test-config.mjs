// Where the test ProConnect provider listens and the client it knows, derived from the app's
// E2E port so that parallel copies (E2E_PORT=3101, 3102…) never share a provider:
// app on 31xx → provider on 34xx. Used by playwright.config.ts, scripts/e2e-server.mjs, the
// provider itself and the journeys.
export function proconnectTestConfig(appPort) {
  const port = Number(process.env.E2E_PROCONNECT_PORT ?? appPort + 300)
  return {
    port,
    issuer: `http://127.0.0.1:${port}`,
    appUrl: `http://localhost:${appPort}`,
    clientId: 'aic-tests',
    clientSecret: 'secret-de-test-proconnect-0123456789abcdef',
  }
}
