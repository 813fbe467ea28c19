// The statement of this site, built once from its grid on the server (decision 096). The grid (44 KB,
// checked by zod when it loads) never goes to the browser: /accessibilite receives the statement from
// its loader, every other page only the footer's mention from the root loader.
import { RGAA_GRID } from './rgaa-grid.ts'
import { buildStatement, type Statement } from './statement.ts'

export const STATEMENT: Statement = buildStatement(RGAA_GRID)
