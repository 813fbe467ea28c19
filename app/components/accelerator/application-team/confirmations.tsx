import { Link } from '@remix-run/react'
import { SecureForm } from '#app/components/forms.tsx'

/** Second step before a co-leader leaves: what they lose, then the button that does it. */
export function ConfirmLeave({ title, base }: { title: string; base: string }) {
  return (
    <section aria-labelledby="confirmer-depart" className="fr-callout fr-mb-6w">
      <h2 id="confirmer-depart" className="fr-callout__title">
        Quitter la candidature « {title} » ?
      </h2>
      <p className="fr-callout__text">
        Vous ne pourrez plus la consulter ni la modifier. Ce que vous avez écrit reste dans la candidature. Pour la rejoindre de nouveau,
        il faudra une nouvelle invitation.
      </p>
      <SecureForm method="post">
        <input type="hidden" name="intent" value="leave" />
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" className="fr-btn">
              Oui, quitter la candidature
            </button>
          </li>
          <li>
            <Link className="fr-btn fr-btn--secondary" to={base}>
              Non, rester
            </Link>
          </li>
        </ul>
      </SecureForm>
    </section>
  )
}

/** Second step before the owner hands the application over to a co-leader. */
export function ConfirmTransfer({ name, userId, base }: { name: string; userId: string; base: string }) {
  return (
    <section aria-labelledby="confirmer-transfert" className="fr-callout fr-mb-6w">
      <h2 id="confirmer-transfert" className="fr-callout__title">
        Confier la candidature à {name} ?
      </h2>
      <p className="fr-callout__text">
        {name} en deviendra responsable et pourra inviter et retirer des co-porteurs. Vous resterez co-porteur : vous pourrez
        toujours la compléter, ou la quitter. Vous recevrez tous les deux un e-mail.
      </p>
      <SecureForm method="post">
        <input type="hidden" name="intent" value="transfer_ownership" />
        <input type="hidden" name="userId" value={userId} />
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button type="submit" className="fr-btn">
              Oui, confier la candidature à {name}
            </button>
          </li>
          <li>
            <Link className="fr-btn fr-btn--secondary" to={base}>
              Annuler
            </Link>
          </li>
        </ul>
      </SecureForm>
    </section>
  )
}
