// Tables of the accelerator area (filled by its migrations).
export type AcceleratorTables = Record<never, never>
