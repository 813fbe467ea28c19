// Copies the DSFR static assets (CSS, fonts, icons) to public/dsfr so the server can serve them.
// Skips quietly when the package is absent (e.g. `npm install --package-lock-only`).
import { cpSync, existsSync, rmSync } from 'node:fs'

const source = 'node_modules/@codegouvfr/react-dsfr/dsfr'
const target = 'public/dsfr'

if (!existsSync(source)) {
  console.log(`copy-dsfr: ${source} absent, rien à copier`)
} else {
  rmSync(target, { recursive: true, force: true })
  cpSync(source, target, { recursive: true })
}
