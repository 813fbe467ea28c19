// The conform constraint patch (patches/@conform-to+zod+1.21.1.patch, decision 108): zod 4.6 no longer fills the
// `_zod.bag` that `getZodConstraint` reads, so without the patch no form got its `maxlength` from its schema
// (edmundhung/conform#1340). Both builds carry it (the server loads the CommonJS one, the browser bundle the ESM one).
import { readFileSync } from 'node:fs'
import { getZodConstraint } from '@conform-to/zod/v4'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { ProjectActionSchema, PublicTextSchema, ReportSchema } from '#app/accelerator/mentoring/mentoring.ts'

const MARKER = '/* aic: zod 4.6 no longer fills _zod.bag'

describe('correctif des contraintes de conform (patch-package)', () => {
  it('chaque build installé le porte (une installation avec --ignore-scripts ne l’aurait pas)', () => {
    for (const build of ['constraint.js', 'constraint.mjs']) expect(readFileSync(`node_modules/@conform-to/zod/dist/v4/${build}`, 'utf8'), build).toContain(MARKER)
  })

  it('donne aux champs la longueur de leur schéma', () => {
    expect(getZodConstraint(z.object({ a: z.string().trim().min(2).max(5), b: z.string().length(3), c: z.string().max(9).max(7).optional() }))).toEqual({
      a: { required: true, minLength: 2, maxLength: 5 },
      b: { required: true, minLength: 3, maxLength: 3 },
      c: { required: false, maxLength: 7 },
    })
    expect(getZodConstraint(ReportSchema).reportText?.maxLength).toBe(20_000)
    expect(getZodConstraint(PublicTextSchema).publicText?.maxLength).toBe(1500)
    // A member of a multi-intent schema, as the follow-up page reads it.
    const checkIn = ProjectActionSchema.options.find((member) => member.shape.intent.value === 'check_in')!
    expect(getZodConstraint(checkIn).notes?.maxLength).toBeGreaterThan(0)
  })
})
