// Sections « Conflits détectés » (decision 099) and « Conflits d’intérêts » (declared) of the team's jury page.
import type { SerializeFrom } from '@remix-run/node'
import type { JuryPageData } from '#app/accelerator/scoring/jury-page.server.ts'
import { CONFLICT_STATUS_LABELS } from '#app/accelerator/scoring/labels.ts'
import { DETECTED_RULE_LABELS } from '#app/accelerator/scoring/conflict-detection.ts'
import { SecureForm, TextAreaField } from '#app/components/forms.tsx'
import { Pagination } from '#app/components/pagination.tsx'
import { formatDate } from '#app/utils/format.ts'

type Data = SerializeFrom<JuryPageData>
type Detected = Data['detected']['items'][number]

export interface DismissError {
  pair: string
  message: string
  motivation: string | null
}

/** The rule's name in bold, then why; most messages already start with the rule's name, which is not repeated. */
function ReasonText({ rule, message }: { rule: Detected['reasons'][number]['rule']; message: string }) {
  const label = DETECTED_RULE_LABELS[rule]
  if (message.startsWith(label)) {
    return (
      <>
        <strong>{label}</strong>
        {message.slice(label.length)}
      </>
    )
  }
  return (
    <>
      <strong>{label} :</strong> {message}
    </>
  )
}

function DetectedConflictItem({ conflict, error }: { conflict: Detected; error: DismissError | null }) {
  const headingId = `detecte-${conflict.applicationId}-${conflict.reviewerId}`
  return (
    <li className="fr-mb-4w">
      <h3 id={headingId} className="fr-h6 fr-mb-1w">
        {conflict.reviewer} — {conflict.reference || 'Brouillon'} – {conflict.title}{' '}
        <span className={`fr-badge fr-badge--sm ${conflict.blocked ? 'fr-badge--warning' : 'fr-badge--success'}`}>{conflict.blocked ? 'Paire bloquée' : 'Écarté'}</span>
      </h3>
      <ul>
        {conflict.reasons.map((reason) => (
          <li key={reason.key}>
            <ReasonText rule={reason.rule} message={reason.message} />
            {reason.dismissal ? ` Écarté le ${formatDate(reason.dismissal.at)} par ${reason.dismissal.by} : « ${reason.dismissal.motivation} »` : null}
          </li>
        ))}
      </ul>
      {conflict.dismissible ? (
        <SecureForm method="post" noValidate aria-labelledby={headingId}>
          <input type="hidden" name="intent" value="dismiss_detected" />
          <input type="hidden" name="applicationId" value={conflict.applicationId} />
          <input type="hidden" name="reviewerId" value={conflict.reviewerId} />
          <TextAreaField
            label="Motif (obligatoire)"
            hint="Pourquoi ce lien ne pose pas problème. Le motif est inscrit au journal."
            name="motivation"
            id={`motif-${conflict.applicationId}-${conflict.reviewerId}`}
            rows={2}
            maxLength={1000}
            errors={error?.motivation ? [error.motivation] : null}
          />
          <button type="submit" className="fr-btn fr-btn--sm fr-btn--secondary">
            Écarter ce conflit
          </button>
        </SecureForm>
      ) : conflict.blocked ? (
        <p className="fr-text--sm">Cette paire reste bloquée : elle ne peut pas être écartée.</p>
      ) : null}
    </li>
  )
}

export function DetectedConflictsSection({ detected, error, pageHref }: { detected: Data['detected']; error: DismissError | null; pageHref: (page: number) => string }) {
  return (
    <section aria-labelledby="conflits-detectes" className="fr-mb-6w">
      <h2 id="conflits-detectes">Conflits détectés automatiquement ({detected.total})</h2>
      <p>
        Chaque membre est comparé aux candidatures de l’appel : même organisation (SIRET ou SIREN), candidature portée par la personne ou par sa structure, même
        domaine d’adresse e-mail qu’un porteur (hors messageries grand public), conflit déclaré lors d’un appel précédent. Une paire détectée n’est jamais
        affectée, comme un conflit déclaré. Si le lien ne pose pas problème, écartez-le en donnant le motif.
      </p>
      {detected.total === 0 ? (
        <p>Aucun conflit détecté entre les membres des jurys et les candidatures.</p>
      ) : (
        <>
          <p>
            {detected.blocked} paire{detected.blocked > 1 ? 's' : ''} bloquée{detected.blocked > 1 ? 's' : ''}, {detected.total - detected.blocked} écartée
            {detected.total - detected.blocked > 1 ? 's' : ''}.
          </p>
          <ul className="fr-raw-list">
            {detected.items.map((c) => (
              <DetectedConflictItem key={`${c.applicationId}:${c.reviewerId}`} conflict={c} error={error?.pair === `${c.applicationId}:${c.reviewerId}` ? error : null} />
            ))}
          </ul>
          <Pagination page={detected.page} pageCount={detected.pageCount} href={pageHref} />
        </>
      )}
    </section>
  )
}

export function DeclaredConflictsSection({ conflicts }: { conflicts: Data['conflicts'] }) {
  return (
    <section aria-labelledby="conflits">
      <h2 id="conflits">Conflits d’intérêts déclarés ({conflicts.length})</h2>
      <p>Un conflit déclaré par un évaluateur s’applique tout de suite : le projet lui est retiré. Vous pouvez l’écarter si le lien ne pose pas problème.</p>
      {conflicts.length === 0 ? (
        <p>Aucun conflit déclaré.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption>Conflits d’intérêts déclarés</caption>
            <thead>
              <tr>
                <th scope="col">Évaluateur</th>
                <th scope="col">Projet</th>
                <th scope="col">Lien</th>
                <th scope="col">État</th>
                <th scope="col">Décision</th>
              </tr>
            </thead>
            <tbody>
              {conflicts.map((c) => (
                <tr key={c.id}>
                  <td>{c.reviewer}</td>
                  <td>
                    {c.reference} – {c.title}
                  </td>
                  <td>
                    {c.kind} : « {c.details} » ({c.source === 'reviewer' ? 'déclaré par l’évaluateur' : 'signalé par le porteur'}, {formatDate(c.createdAt)})
                  </td>
                  <td>{CONFLICT_STATUS_LABELS[c.status]}</td>
                  <td>
                    <SecureForm method="post" className="fr-mb-1w">
                      <input type="hidden" name="intent" value="decide_conflict" />
                      <input type="hidden" name="conflictId" value={c.id} />
                      <ul className="fr-btns-group fr-btns-group--sm">
                        <li>
                          <button type="submit" name="decision" value="upheld" className="fr-btn fr-btn--sm" disabled={c.status === 'upheld'}>
                            Retenir le conflit
                          </button>
                        </li>
                        <li>
                          <button type="submit" name="decision" value="dismissed" className="fr-btn fr-btn--sm fr-btn--secondary" disabled={c.status === 'dismissed'}>
                            Écarter
                          </button>
                        </li>
                      </ul>
                    </SecureForm>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
