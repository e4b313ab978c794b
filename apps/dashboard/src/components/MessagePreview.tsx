import { areaName, type Message } from '@samverkan/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { CapSummary } from './CapSummary.tsx';
import { PanelHeader } from './PanelHeader.tsx';

/** What goes out, as last saved: the public text in Swedish and English, and what the CAP 1.2 document will carry. */
export function MessagePreview({ message: m }: { message: Message }) {
  const { t, i18n } = useTranslation();
  // Each text in its own language, whatever the dashboard's language is.
  const tSv = i18n.getFixedT('sv');
  const tEn = i18n.getFixedT('en');
  const headingId = useId();
  const en = m.languages.en;
  const isPublic = m.classification === 'public';
  return (
    <section className="panel" aria-labelledby={headingId} data-testid="message-preview">
      <PanelHeader
        headingId={headingId}
        title={isPublic ? t('messages.preview.title') : t('messages.preview.titleInternal')}
      />
      <p className="field__hint">{t('messages.preview.savedOnly')}</p>
      <div className="msg-preview__texts">
        <article className="msg-preview" lang="sv" data-testid="preview-sv">
          <p className="msg-preview__lang">{t('messages.preview.swedish')}</p>
          {m.exercise && <span className="exercise-tag">{tSv('callouts.exercise')}</span>}
          <h3 className="msg-preview__headline">{m.headline}</h3>
          <p className="msg-preview__body">{m.body}</p>
          {m.instruction && (
            <p className="msg-preview__instruction">
              <strong>{tSv('messages.preview.instruction')}</strong> {m.instruction}
            </p>
          )}
          <p className="muted">
            {m.areas.map(areaName).join(', ')} · {m.responsibleActor.name}
          </p>
        </article>
        {en ? (
          <article className="msg-preview" lang="en" data-testid="preview-en">
            <p className="msg-preview__lang">{t('messages.preview.english')}</p>
            {m.exercise && <span className="exercise-tag">{tEn('callouts.exercise')}</span>}
            <h3 className="msg-preview__headline">{en.headline}</h3>
            <p className="msg-preview__body">{en.body}</p>
            {en.instruction && (
              <p className="msg-preview__instruction">
                <strong>{tEn('messages.preview.instruction')}</strong> {en.instruction}
              </p>
            )}
          </article>
        ) : (
          <p className="muted" data-testid="preview-no-en">
            {t('messages.preview.noEnglish')}
          </p>
        )}
      </div>

      {isPublic ? (
        <CapSummary message={m} />
      ) : (
        <p className="msg-internal" data-testid="internal-only">
          {t('messages.preview.internalOnly')}
        </p>
      )}
    </section>
  );
}
