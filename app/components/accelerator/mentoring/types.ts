import type { SerializeFrom } from '@remix-run/node'
import type { ProjectPermissions } from '#app/accelerator/mentoring/access.server.ts'
import type { introductionCounts, ProjectRecord, timeline } from '#app/accelerator/mentoring/projects.server.ts'

// What the follow-up page's loader sends, as the browser receives it (JSON): the sections' props.
export type ProjectRecordView = SerializeFrom<ProjectRecord>
export type ProjectView = ProjectRecordView['project']
export type ProjectPermissionsView = SerializeFrom<ProjectPermissions>
export type IntroductionCountsView = SerializeFrom<typeof introductionCounts>
export type TimelineEventView = SerializeFrom<typeof timeline>[number]
