// Validation of the team's forms (French messages next to each field).
import { z } from 'zod'
import { shortText } from '#app/utils/validation.ts'

export const ServiceSchema = z.object({
  name: shortText('le nom de la démarche', 150),
  description: z.string().trim().max(1000, 'La description ne doit pas dépasser 1 000 caractères.').optional(),
  procedureUrl: z
    .string()
    .trim()
    .max(500, 'L’adresse ne doit pas dépasser 500 caractères.')
    .pipe(z.url({ protocol: /^https?$/, error: 'Saisissez une adresse web complète, par exemple https://www.service-public.fr/….' }))
    .optional(),
})


export const PlacementSchema = z.object({
  name: shortText('le nom de l’emplacement', 100),
  formId: z.string({ error: 'Choisissez le questionnaire.' }).uuid('Choisissez le questionnaire.'),
  origins: z.string().max(4000, 'La liste des sites est trop longue.').optional(),
})

export const ORIGINS_HINT =
  'Les sites qui peuvent afficher la fenêtre intégrée et l’avis en un clic, un par ligne, par exemple https://www.exemple.gouv.fr. Inutile pour le bouton.'

export const FormVersionSchema = z.object({
  intent: z.literal('version'),
  formId: z.string().uuid('Questionnaire inconnu.'),
  questions: z.array(z.enum(['clarity', 'help', 'comment', 'contact'], { error: 'Choisissez parmi les questions proposées.' })).optional(),
  thanks: z
    .string()
    .trim()
    .max(500, 'Le message de remerciement ne doit pas dépasser 500 caractères.')
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), 'Ce champ contient des caractères non autorisés.')
    .optional(),
})

export const NewFormSchema = z.object({
  intent: z.literal('create'),
  name: shortText('le nom du questionnaire', 100),
})
