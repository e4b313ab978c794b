import { areaName, COUNTY_CODE, capStatus, type Message, WHOLE_COUNTY } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';

/** The area codes as the CAP document carries them: the county code, or each municipality's. */
function capAreas(areas: readonly string[]): Array<{ name: string; code: string }> {
  return areas.map((a) => ({ name: areaName(a), code: a === WHOLE_COUNTY ? COUNTY_CODE : a }));
}

/** What the CAP 1.2 document of a public message carries, and once published, links to it and the public page. */
export function CapSummary({ message: m }: { message: Message }) {
  const { t } = useTranslation();
  const en = m.languages.en;
  return (
    <div className="msg-cap" data-testid="cap-preview">
      <h3 className="msg-cap__title">{t('messages.preview.capTitle')}</h3>
      <dl className="msg-cap__facts">
        <div>
          <dt>status</dt>
          <dd data-testid="cap-status">{capStatus(m.exercise)}</dd>
        </div>
        <div>
          <dt>msgType</dt>
          <dd data-testid="cap-msgtype">{m.status === 'withdrawn' ? 'Cancel' : m.previousId ? 'Update' : 'Alert'}</dd>
        </div>
        <div>
          <dt>scope</dt>
          <dd>Public</dd>
        </div>
        <div>
          <dt>{t('messages.preview.capLanguages')}</dt>
          <dd data-testid="cap-languages">{en ? 'sv-SE, en-GB' : 'sv-SE'}</dd>
        </div>
        <div>
          <dt>{t('messages.preview.capAreas')}</dt>
          <dd data-testid="cap-areas">
            {capAreas(m.areas)
              .map((a) => `${a.name} (${a.code})`)
              .join(', ')}
          </dd>
        </div>
      </dl>
      <p className="field__hint">{t('messages.preview.capHint')}</p>
      {m.capUrl && (
        <p className="msg-cap__links">
          <a href={m.capUrl} type="application/cap+xml" data-testid="cap-link">
            {t('messages.preview.capLink')}
          </a>{' '}
          ·{' '}
          <a href="/public" data-testid="public-link">
            {t('messages.preview.publicLink')}
          </a>
        </p>
      )}
    </div>
  );
}
