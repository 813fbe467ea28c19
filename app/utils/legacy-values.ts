/**
 * For values renamed by a migration (decisions 110–115): a page opened before the deploy still posts the old value.
 * `fromLegacy(map)` reads an old value as today's, and gives anything else back as it came, for the schema to accept or
 * refuse (it is written for `z.preprocess`).
 */
export function fromLegacy<T extends string>(legacy: Readonly<Record<string, T>>): (value: unknown) => unknown {
  return (value) => (typeof value === 'string' && Object.hasOwn(legacy, value) ? legacy[value] : value)
}
