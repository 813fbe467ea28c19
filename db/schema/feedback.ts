// Tables of the feedback area (filled by its migrations).
export type FeedbackTables = Record<never, never>
