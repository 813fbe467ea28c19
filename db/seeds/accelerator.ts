import type { SeedContext } from '../seed.ts'

/** Demo data of the accelerator area, run by `seedDemo` inside its transaction. */
export async function seedAccelerator(_context: SeedContext): Promise<void> {}
