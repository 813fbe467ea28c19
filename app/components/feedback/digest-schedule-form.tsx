import { ChoiceField, SecureForm, SelectField } from '#app/components/forms.tsx'
import { WEEKDAYS, type DigestPreference } from '#app/feedback/digest-schedule.ts'

const HOURS = Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), label: `${hour} h` }))
const DAYS = WEEKDAYS.map((day, index) => ({ value: String(index + 1), label: day.charAt(0).toUpperCase() + day.slice(1) }))

/** The hour (and day, weekly) of a person's digest. Works as a plain HTML post. */
export function DigestScheduleForm({ preference, errors }: { preference: DigestPreference; errors: Record<string, string[] | null | undefined> }) {
  return (
    <SecureForm method="post" noValidate>
      <input type="hidden" name="intent" value="schedule" />
      <ChoiceField
        legend="Fréquence"
        name="frequence"
        inline
        defaultValue={preference.frequency}
        errors={errors.frequence}
        options={[
          { value: 'weekly', label: 'Chaque semaine', hint: 'Les sept jours précédents' },
          { value: 'daily', label: 'Chaque jour', hint: 'La veille, de minuit à minuit' },
        ]}
      />
      <SelectField
        label="Heure d’envoi"
        hint="Heure de Paris, été comme hiver."
        name="heure"
        options={HOURS}
        defaultValue={String(preference.hour)}
        errors={errors.heure}
      />
      <SelectField label="Jour d’envoi (résumé de la semaine)" name="jour" options={DAYS} defaultValue={String(preference.weekday)} errors={errors.jour} />
      <button type="submit" className="fr-btn">
        Enregistrer l’horaire
      </button>
    </SecureForm>
  )
}
