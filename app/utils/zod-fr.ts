import { z } from 'zod'

// Validation messages in French everywhere (server and browser).
z.config(z.locales.fr())
