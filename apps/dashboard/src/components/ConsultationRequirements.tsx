import type { Message } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { requirementText } from './requirementText.ts';

/** The agreements publishing needs, each met (and by whom) or not yet. */
export function ConsultationRequirements({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  return (
    <>
      <h3 className="msg-sub">{t('messages.req.title')}</h3>
      <ul className="msg-reqs" aria-live="polite" data-testid="requirements">
        {m.requirements.map((r) => (
          <li
            key={`${r.requirement}-${r.actorId ?? ''}`}
            className={`msg-req msg-req--${r.met ? 'met' : 'unmet'}`}
            data-testid="requirement"
            data-requirement={r.requirement}
            data-met={r.met}
          >
            <span aria-hidden="true">{r.met ? '✓' : '○'}</span> {requirementText(r, m, t)}:{' '}
            <strong>{r.met ? t('messages.req.met', { name: r.byName ?? '' }) : t('messages.req.unmet')}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}
