import type { JobDefinition } from '#app/jobs/types.ts'

/** Background jobs of the accelerator area (listed in app/jobs/registry.server.ts). */
export const acceleratorJobs: JobDefinition[] = []
