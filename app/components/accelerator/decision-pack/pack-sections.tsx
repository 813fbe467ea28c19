import type { decisionPack } from '#app/accelerator/committee.server.ts'
import { ChoiceField, FormErrors, SecureForm, TextAreaField, TextField } from '#app/components/forms.tsx'
import { formatDateAtTime } from '#app/utils/format.ts'

type Pack = Awaited<ReturnType<typeof decisionPack>>
type Row = Pack['rows'][number]
export type PackError = { message: string; field: string | null } | null

/** What the pack cannot show yet: reviews expected but not sent, decisions not proposed. Printed too. */
export function MissingWarning({ missing }: { missing: string[] }) {
  if (!missing.length) return null
  return (
    <div className="fr-alert fr-alert--warning fr-mb-3w aic-pack-keep">
      <h2 className="fr-alert__title">
        Dossier incomplet : {missing.length} élément{missing.length > 1 ? 's manquent' : ' manque'}
      </h2>
      <p>Le classement tient compte seulement des évaluations envoyées. Ce qui manque :</p>
      <ul>
        {missing.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  )
}

/** The call's committee, and the team's form to add or remove a member (not printed). */
export function CommitteeSection({ committee, canEdit, error }: { committee: Pack['committee']; canEdit: boolean; error: PackError }) {
  return (
    <section aria-labelledby="titre-comite" className="fr-mb-4w">
      <h2 id="titre-comite" className="fr-h4">
        Comité de décision
      </h2>
      {committee.length === 0 ? (
        <p>Aucun membre du comité pour l’instant : ajoutez les membres de l’équipe qui siègent au comité pour qu’ils donnent leur avis.</p>
      ) : (
        <ul>
          {committee.map((member) => (
            <li key={member.id}>
              {member.name} ({member.email})
              {canEdit ? (
                <SecureForm method="post" className="fr-ml-2w aic-no-print" style={{ display: 'inline' }}>
                  <input type="hidden" name="intent" value="remove_member" />
                  <input type="hidden" name="userId" value={member.id} />
                  <button type="submit" className="fr-btn fr-btn--sm fr-btn--tertiary-no-outline">
                    Retirer {member.name} du comité
                  </button>
                </SecureForm>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <SecureForm method="post" noValidate className="aic-no-print">
          <input type="hidden" name="intent" value="add_member" />
          <TextField
            label="Ajouter un membre du comité"
            hint="Adresse e-mail d’un membre de l’équipe du programme"
            name="email"
            id="membre-email"
            type="email"
            autoComplete="off"
            errors={error?.field === 'email' ? [error.message] : null}
          />
          <button type="submit" className="fr-btn fr-btn--secondary">
            Ajouter au comité
          </button>
        </SecureForm>
      ) : null}
    </section>
  )
}

function JuriesTable({ row }: { row: Row }) {
  return (
    <div className="fr-table fr-table--no-scroll fr-table--sm">
      <table>
        <caption>Notes des deux jurys (brutes et corrigées)</caption>
        <thead>
          <tr>
            <th scope="col">Jury</th>
            <th scope="col">Évaluations</th>
            <th scope="col">Note brute</th>
            <th scope="col">Note corrigée</th>
            <th scope="col">Rang dans ce jury</th>
          </tr>
        </thead>
        <tbody>
          {row.juries.map((jury) => (
            <tr key={jury.jury}>
              <th scope="row">{jury.label}</th>
              <td>{jury.reviews}</td>
              <td>{jury.raw}</td>
              <td>{jury.normalised}</td>
              <td>{jury.rank ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function Opinions({ row }: { row: Row }) {
  return (
    <>
      <p>
        <strong>Avis du comité :</strong> {row.tally.agree} d’accord, {row.tally.disagree} pas d’accord, sur {row.tally.members} membre
        {row.tally.members > 1 ? 's' : ''}.
      </p>
      {row.opinions.length ? (
        <ul>
          {row.opinions.map((opinion) => (
            <li key={opinion.userId}>
              <strong>{opinion.name}</strong> : {opinion.agrees ? 'd’accord' : 'pas d’accord'}
              {opinion.note ? ` — « ${opinion.note} »` : ''} <span className="fr-text--xs">({formatDateAtTime(opinion.recordedAt)})</span>
              {opinion.stale ? (
                <span className="fr-badge fr-badge--sm fr-badge--warning fr-ml-1w">donné sur la proposition « {opinion.decisionSeen} »</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  )
}

function OpinionForm({ row, error }: { row: Row; error: PackError }) {
  const mine = row.mine && !row.mine.stale ? row.mine : null
  return (
    <SecureForm method="post" noValidate className="fr-mt-2w aic-no-print">
      <input type="hidden" name="intent" value="record_opinion" />
      <input type="hidden" name="applicationId" value={row.id} />
      {error ? <FormErrors errors={[error.message]} title="Avis non enregistré" /> : null}
      <ChoiceField
        legend={`Votre avis sur la décision proposée pour « ${row.title} »`}
        name="agrees"
        inline
        options={[
          { value: 'oui', label: 'D’accord' },
          { value: 'non', label: 'Pas d’accord' },
        ]}
        defaultValue={mine ? (mine.agrees ? 'oui' : 'non') : undefined}
        errors={error?.field === 'agrees' ? [error.message] : null}
      />
      <TextAreaField
        label="Note pour l’équipe"
        hint="Obligatoire si vous n’êtes pas d’accord ; 2 000 caractères au plus"
        name="note"
        id={`note-${row.id}`}
        rows={2}
        defaultValue={mine?.note ?? ''}
        errors={error?.field === 'note' ? [error.message] : null}
      />
      <button type="submit" className="fr-btn fr-btn--secondary">
        Enregistrer mon avis
      </button>
    </SecureForm>
  )
}

/** One application of the pack, on its own printed page: summary, juries, flags, comments, proposed decision, committee opinions. */
export function PackApplication({ row, canGiveOpinion, error }: { row: Row; canGiveOpinion: boolean; error: PackError }) {
  return (
    <section id={`candidature-${row.id}`} aria-labelledby={`titre-${row.id}`} className="fr-mt-6w aic-pack-application">
      <h2 id={`titre-${row.id}`} className="fr-h4">
        {row.rank}. {row.reference} – {row.title}
      </h2>
      <p className="fr-text--sm">{row.status}</p>
      <h3 className="fr-h6">Résumé du projet</h3>
      <p className="aic-answer">{row.summary || 'Le porteur n’a pas écrit de résumé.'}</p>
      <JuriesTable row={row} />
      {row.missing.length ? <p className="fr-badge fr-badge--warning">Évaluations manquantes : {row.missing.join(' ; ')}</p> : null}
      <h3 className="fr-h6">Alertes</h3>
      {row.flags.length ? (
        <ul>
          {row.flags.map((f) => (
            <li key={f.label}>
              <strong>{f.label} :</strong> {f.explanation}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune alerte.</p>
      )}
      <h3 className="fr-h6">Évaluations et commentaires des jurés</h3>
      {row.reviews.length === 0 ? (
        <p>Aucune évaluation envoyée.</p>
      ) : (
        <ul>
          {row.reviews.map((review) => (
            <li key={review.id}>
              <strong>
                {review.reviewer} ({review.jury})
              </strong>{' '}
              : {review.summary}
              {review.confidence ? ` — confiance ${review.confidence}/3` : ''}
              {review.commentTeam ? <span className="aic-pack-comment">Pour l’équipe : « {review.commentTeam} »</span> : null}
              {review.commentLeader ? <span className="aic-pack-comment">Pour le porteur : « {review.commentLeader} »</span> : null}
            </li>
          ))}
        </ul>
      )}
      <h3 className="fr-h6">Décision proposée</h3>
      {row.decision ? (
        <p>
          <strong>{row.decision.label}</strong> — {row.decision.motivation}
        </p>
      ) : (
        <p>Aucune décision proposée pour l’instant.</p>
      )}
      <Opinions row={row} />
      {canGiveOpinion && row.decision ? <OpinionForm row={row} error={error} /> : null}
    </section>
  )
}

/** Opens the browser's print dialog (print or save as PDF); without JavaScript, the browser's own menu does the same. */
export function PrintButton() {
  return (
    <button type="button" className="fr-btn fr-icon-printer-line fr-btn--icon-left" onClick={() => window.print()}>
      Imprimer / enregistrer en PDF
    </button>
  )
}
