import type { SeedContext } from '../seed.ts'

/** Demo data of the feedback area, run by `seedDemo` inside its transaction. */
export async function seedFeedback(_context: SeedContext): Promise<void> {}
