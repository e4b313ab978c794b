import { areaName, type Message } from '@samverkan/contracts';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { changedFields, type DraftField, draftOf, type MessageDraft } from '../messages.ts';

const fieldLabelKeys: Record<DraftField, string> = {
  headline: 'messages.form.headline',
  body: 'messages.form.body',
  instruction: 'messages.form.instruction',
  enHeadline: 'messages.form.enHeadline',
  enBody: 'messages.form.enBody',
  enInstruction: 'messages.form.enInstruction',
  areas: 'messages.form.areas',
  classification: 'messages.form.classification',
  responsibleActorId: 'messages.form.responsible',
  audiences: 'messages.form.audiences',
  plannedAt: 'messages.form.plannedAt',
  exercise: 'messages.form.exercise',
};

/**
 * Someone saved while I edited: their saved version beside my unsaved text,
 * field by field, and a choice. Nothing is lost silently: "Behåll min text"
 * lays my changes over theirs and saves; "Ta deras version" drops mine.
 */
export function EditConflictPanel({
  headingRef,
  base,
  mine,
  theirs,
  busy,
  onKeepMine,
  onTakeTheirs,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  base: MessageDraft;
  mine: MessageDraft;
  theirs: Message;
  busy: boolean;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
}) {
  const { t } = useTranslation();
  const theirDraft = draftOf(theirs);
  const fields = [...new Set([...changedFields(base, mine), ...changedFields(base, theirDraft)])].filter((f) =>
    changedFields(theirDraft, mine).includes(f),
  );
  const show = (d: MessageDraft, f: DraftField): string => {
    if (f === 'areas') return d.areas.map(areaName).join(', ');
    if (f === 'classification') return t(`messages.classification.${d.classification}`);
    if (f === 'exercise') return d.exercise ? t('messages.yes') : t('messages.no');
    return String(d[f]) || '—';
  };
  return (
    <div className="msg-conflict" role="alert" data-testid="conflict-panel">
      <h3 className="msg-conflict__title" tabIndex={-1} ref={headingRef}>
        {t('messages.conflict.title')}
      </h3>
      <p>{t('messages.conflict.text', { revision: theirs.revision })}</p>
      <table className="msg-conflict__table">
        <caption className="visually-hidden">{t('messages.conflict.caption')}</caption>
        <thead>
          <tr>
            <th scope="col" className="msg-conflict__cell">
              {t('messages.conflict.field')}
            </th>
            <th scope="col" className="msg-conflict__cell">
              {t('messages.conflict.theirs')}
            </th>
            <th scope="col" className="msg-conflict__cell">
              {t('messages.conflict.mine')}
            </th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f} data-testid="conflict-field" data-field={f}>
              <th scope="row" className="msg-conflict__cell">
                {t(fieldLabelKeys[f] as 'messages.form.headline')}
              </th>
              <td className="msg-conflict__cell" data-testid="conflict-theirs">
                {show(theirDraft, f)}
              </td>
              <td className="msg-conflict__cell" data-testid="conflict-mine">
                {show(mine, f)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="field__hint">{t('messages.conflict.hint')}</p>
      <div className="msg-editor__actions">
        <button
          type="button"
          className="btn btn--primary"
          data-testid="conflict-keep-mine"
          disabled={busy}
          onClick={onKeepMine}
        >
          {t('messages.conflict.keepMine')}
        </button>
        <button
          type="button"
          className="btn btn--quiet"
          data-testid="conflict-take-theirs"
          disabled={busy}
          onClick={onTakeTheirs}
        >
          {t('messages.conflict.takeTheirs')}
        </button>
      </div>
    </div>
  );
}
