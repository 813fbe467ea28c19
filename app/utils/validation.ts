import './zod-fr.ts'
import { z } from 'zod'

/** An e-mail address typed by a person, with messages in plain French. */
export const EmailSchema = z
  .string({ error: 'Saisissez votre adresse e-mail.' })
  .trim()
  .min(1, 'Saisissez votre adresse e-mail.')
  .max(254, 'Cette adresse e-mail est trop longue (254 caractères au plus).')
  .pipe(z.email('Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.'))

/** A short single-line text: trimmed, no control characters. */
export function shortText(label: string, max = 200) {
  return z
    .string({ error: `Saisissez ${label}.` })
    .trim()
    .min(1, `Saisissez ${label}.`)
    .max(max, `Ce champ ne doit pas dépasser ${max} caractères.`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'Ce champ contient des caractères non autorisés.')
}

/** A longer text: trimmed, line breaks allowed, other control characters refused. */
export function longText(label: string, max = 5000) {
  return z
    .string({ error: `Saisissez ${label}.` })
    .trim()
    .min(1, `Saisissez ${label}.`)
    .max(max, `Ce champ ne doit pas dépasser ${max} caractères.`)
    .refine(
      (value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value),
      'Ce champ contient des caractères non autorisés.',
    )
}

export const UuidSchema = z.string().uuid('Cet identifiant n’est pas valide.')
