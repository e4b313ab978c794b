import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnswerDialog } from './AnswerDialog.tsx';
import { ConsultationRequirements } from './ConsultationRequirements.tsx';
import { ConsultedActors } from './ConsultedActors.tsx';
import { ConsultForm } from './ConsultForm.tsx';
import type { MessagePanelProps } from './messagePanel.ts';
import { PanelHeader } from './PanelHeader.tsx';
import { type AnswerKind, YourAnswer } from './YourAnswer.tsx';

/**
 * The consultation: what publishing still needs, the user's own answer where
 * their actor was consulted, sending it on consultation, and who has answered.
 */
export function ConsultationPanel({ message: m, apply, say }: MessagePanelProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [answering, setAnswering] = useState<AnswerKind | null>(null);

  return (
    <section className="panel" aria-labelledby={headingId} data-testid="consultation">
      <PanelHeader headingId={headingId} title={t('messages.consult.title')} />
      <ConsultationRequirements message={m} />
      {m.can.answer && <YourAnswer message={m} apply={apply} say={say} onAnswer={setAnswering} />}
      {m.can.consult && <ConsultForm message={m} apply={apply} say={say} />}
      <ConsultedActors consulted={m.consulted} />

      <AnswerDialog
        kind={answering}
        message={m}
        onClose={() => setAnswering(null)}
        onDone={(result) => {
          apply(result);
          setAnswering(null);
          say(answering === 'object' ? t('messages.consult.objected') : t('messages.consult.commented'));
        }}
      />
    </section>
  );
}
