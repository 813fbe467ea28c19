import type { JobDefinition } from '#app/jobs/types.ts'

/** Background jobs of the feedback area (listed in app/jobs/registry.server.ts). */
export const feedbackJobs: JobDefinition[] = []
