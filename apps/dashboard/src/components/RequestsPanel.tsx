import { type ActivationRequest, can, type User } from '@samverkan/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive } from '../live.ts';
import { ActivateDialog } from './ActivateDialog.tsx';
import { Person, Time } from './bits.tsx';
import { DeclineDialog } from './DeclineDialog.tsx';

/**
 * Activation requests. Deciders (coordinators, admins) see every pending one
 * and answer it here; everyone else sees their own actor's, and what became of them.
 */
export function RequestsPanel({ user }: { user: User }) {
  const { t } = useTranslation();
  const { pending, decided, mode } = useLive();
  const [activating, setActivating] = useState<ActivationRequest | null>(null);
  const [declining, setDeclining] = useState<ActivationRequest | null>(null);
  const decider = can(user.role, 'decideActivation');
  const answered = decider ? [] : decided.filter((r) => r.requestedBy.actorId === user.actorId);
  const headingId = 'requests-heading';

  return (
    <section className="panel" aria-labelledby={headingId}>
      <header className="panel__header">
        <h2 id={headingId} className="panel__title">
          {decider ? t('requests.title') : t('requests.ownTitle')}
        </h2>
        {pending.length > 0 && (
          <span className="count-badge" data-testid="pending-count">
            {t('requests.count', { count: pending.length })}
          </span>
        )}
      </header>

      {pending.length === 0 && answered.length === 0 && (
        <p className="panel__empty">{decider ? t('requests.none') : t('requests.noneOwn')}</p>
      )}

      {pending.length > 0 && (
        <ul className="request-list">
          {pending.map((request) => (
            <li key={request.id} className="request" data-testid="pending-request" data-request-id={request.id}>
              <RequestBody request={request} />
              {decider && (
                <div className="request__actions">
                  <button
                    type="button"
                    className="btn btn--danger btn--small"
                    data-testid="activate-from-request"
                    disabled={mode?.mode !== 'ordinary'}
                    onClick={() => setActivating(request)}
                  >
                    {t('requests.activate')}
                  </button>
                  <button
                    type="button"
                    className="btn btn--quiet btn--small"
                    data-testid="decline"
                    onClick={() => setDeclining(request)}
                  >
                    {t('requests.decline')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}

      {answered.length > 0 && (
        <ul className="request-list request-list--answered">
          {answered.map((request) => (
            <li key={request.id} className="request" data-testid="answered-request" data-status={request.status}>
              <RequestBody request={request} />
            </li>
          ))}
        </ul>
      )}

      <ActivateDialog open={activating !== null} request={activating} onClose={() => setActivating(null)} />
      <DeclineDialog request={declining} onClose={() => setDeclining(null)} />
    </section>
  );
}

function RequestBody({ request }: { request: ActivationRequest }) {
  const { t } = useTranslation();
  return (
    <div className="request__body">
      <div className="request__head">
        <h3 className="request__title">{request.title}</h3>
        <span className={`status status--${request.status}`}>{t(`requests.status.${request.status}`)}</span>
      </div>
      <p className="request__reason">{request.reason}</p>
      <p className="request__meta">
        <Person person={request.requestedBy} /> · <Time value={request.requestedAt} />
      </p>
      {request.decidedBy && request.decidedAt && (
        <p className="request__meta">
          {t('requests.decidedBy', { name: request.decidedBy.name, actor: request.decidedBy.actorName })} ·{' '}
          <Time value={request.decidedAt} />
        </p>
      )}
      {request.declineReason && (
        <p className="request__decline">
          <span className="request__decline-label">{t('requests.declineReason')}:</span> {request.declineReason}
        </p>
      )}
    </div>
  );
}
