import os from 'node:os'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = {
  '#app': path.resolve('app'),
  '#db': path.resolve('db'),
  '#emails': path.resolve('emails'),
  '#tests': path.resolve('tests'),
}

// Database tests run once on embedded PGlite and, when DATABASE_URL is set, once more on the
// real PostgreSQL server: both drivers must behave the same.
const databaseDrivers = process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite']

export default defineConfig({
  resolve: { alias },
  test: {
    // Vitest's default is one worker less than the cores: a single one on a 2-core CI machine.
    // Database tests wait on PostgreSQL (another process) much of the time: two workers at least.
    maxWorkers: Math.max(2, os.availableParallelism()),
    // Uploads of the tests (and of the demo seed they run) go to a temporary folder, not ./data.
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', UPLOADS_DIR: path.join(os.tmpdir(), 'aic-test-uploads') },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'] },
      },
      {
        // Fault injection on the production build with a throwaway PostgreSQL (run after the build).
        extends: true as const,
        test: { name: 'faults', include: ['tests/faults/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
      },
      ...databaseDrivers.map((driver) => ({
        extends: true as const,
        test: {
          name: `db-${driver}`,
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          env: { TEST_DB_DRIVER: driver },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
    ],
  },
})
