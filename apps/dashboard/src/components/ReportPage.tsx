import {
  type Actor,
  type Classification,
  classifications,
  confidenceLevels,
  type Impact,
  impactLevels,
  type Report,
  type ReportVersion,
  reportVersions,
  type Sector,
  type User,
} from '@samverkan/contracts';
import { type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { describeError, type FieldErrors } from '../forms.ts';
import { useLiveStore } from '../live.ts';
import {
  bodyFromDraft,
  clockWithSeconds,
  draftFromReport,
  emptyReportDraft,
  mayReport,
  newNeed,
  type ReportDraft,
  reportApiErrors,
  validateReport,
} from '../reports.ts';
import { Dialog } from './Dialog.tsx';
import { RoundNotice } from './SituationTools.tsx';
import { TextField } from './TextField.tsx';

/** How long typing must pause before the draft is saved. */
const AUTOSAVE_MS = 1_000;

/** The draft's plain text fields, each with its label under `reportForm.<name>`. */
type DraftTextField =
  | 'situation'
  | 'what'
  | 'where'
  | 'when'
  | 'source'
  | 'ownComment'
  | 'measuresTaken'
  | 'measuresPlanned'
  | 'assessment'
  | 'forecast'
  | 'communication'
  | 'comingActivities'
  | 'contact';

/**
 * Rapportera: the actor's situation report. Duty officers write their own
 * actor's; coordinators choose the actor. The draft saves itself as it is
 * typed and survives a reload; "Publicera" makes it a new, immutable version.
 */
export function ReportPage({ user }: { user: User }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const allowed = mayReport(user.role);
  const [actors, setActors] = useState<Actor[] | null>(null);
  const [sectors, setSectors] = useState<Sector[] | null>(null);
  const [actorId, setActorId] = useState(user.actorId);
  const pickerId = useId();

  useEffect(() => {
    if (!allowed) return;
    let cancelled = false;
    Promise.all([api.actors(), api.sectors()]).then(
      ([a, s]) => {
        if (cancelled) return;
        setActors(a);
        setSectors(s);
      },
      (err: unknown) => store.handleError(err),
    );
    return () => {
      cancelled = true;
    };
  }, [allowed, store]);

  const actorName = actors?.find((a) => a.id === actorId)?.name ?? user.actorName;

  return (
    <main id="main" className="layout layout--page" tabIndex={-1} data-testid="report-page">
      <header className="page-head">
        <div className="page-head__text">
          <h1 className="page-head__title" tabIndex={-1}>
            {t('reportForm.title')}
            {allowed && <span className="page-head__sub"> · {actorName}</span>}
          </h1>
          <p className="page-head__intro">{t('reportForm.intro')}</p>
          <RoundNotice />
        </div>
        {allowed && user.role === 'coordinator' && actors && (
          <div className="field actor-picker">
            <label className="field__label" htmlFor={pickerId}>
              {t('reportForm.actor')}
            </label>
            <select
              id={pickerId}
              value={actorId}
              onChange={(e) => setActorId(e.target.value)}
              data-testid="report-actor"
            >
              {actors.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </header>
      <div className="layout__main layout__main--wide">
        {!allowed ? (
          <p className="panel panel__empty">{t('reportForm.noAccess')}</p>
        ) : actors && sectors ? (
          <ReportForm
            key={actorId}
            actorId={actorId}
            actorName={actorName}
            sendActorId={user.role === 'coordinator'}
            actors={actors}
            sectors={sectors}
          />
        ) : (
          <p className="panel panel__empty">{t('reportForm.loading')}</p>
        )}
      </div>
    </main>
  );
}

type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'waiting' }
  | { kind: 'failed'; message: string };

function ReportForm({
  actorId,
  actorName,
  sendActorId,
  actors,
  sectors,
}: {
  actorId: string;
  actorName: string;
  sendActorId: boolean;
  actors: Actor[];
  sectors: Sector[];
}) {
  const { t, i18n } = useTranslation();
  const store = useLiveStore();
  const [draft, setDraft] = useState<ReportDraft | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [confirming, setConfirming] = useState(false);
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState<Report | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  /** Set by an edit: only what the user typed is saved, never what was just loaded. */
  const edited = useRef(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const forActor = sendActorId ? actorId : undefined;

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.reportDraft(actorId), api.actorReports(actorId)]).then(
      ([saved, history]) => {
        if (cancelled) return;
        const latest = history[0];
        if (saved) {
          setDraft(draftFromReport(saved));
          setNotice(t('reportForm.draftLoaded'));
          setSave({ kind: 'saved', at: new Date(saved.createdAt) });
        } else if (latest) {
          setDraft(draftFromReport(latest, true));
          setNotice(t('reportForm.fromLatest', { number: latest.number }));
        } else {
          setDraft(emptyReportDraft());
        }
      },
      (err: unknown) => {
        store.handleError(err);
        if (!cancelled) {
          setDraft(emptyReportDraft());
          setFailure(describeError(err, t));
        }
      },
    );
    return () => {
      cancelled = true;
    };
  }, [actorId, store, t]);

  const saveDraft = useCallback(
    (current: ReportDraft) => {
      const body = bodyFromDraft(current, 'draft', sectors, forActor);
      const checked = validateReport(body, t);
      if (!checked.ok) {
        if (current.situation.trim() === '') setSave({ kind: 'waiting' });
        else setSave({ kind: 'failed', message: t('reportForm.invalid') });
        return;
      }
      setSave({ kind: 'saving' });
      const run = api.saveReport(checked.data).then(
        () => setSave({ kind: 'saved', at: new Date() }),
        (err: unknown) => {
          store.handleError(err);
          const apiErrors = reportApiErrors(err);
          if (Object.keys(apiErrors).length > 0) setErrors(apiErrors);
          setSave({ kind: 'failed', message: describeError(err, t) });
        },
      );
      const tracked = run.finally(() => {
        if (inFlight.current === tracked) inFlight.current = null;
      });
      inFlight.current = tracked;
    },
    [sectors, forActor, t, store],
  );

  // Autosave: a second after the last keystroke.
  useEffect(() => {
    if (!draft || !edited.current) return;
    timer.current = window.setTimeout(() => saveDraft(draft), AUTOSAVE_MS);
    return () => window.clearTimeout(timer.current);
  }, [draft, saveDraft]);

  const update = useCallback((patch: Partial<ReportDraft>) => {
    edited.current = true;
    setPublished(null);
    setDraft((prev) => (prev ? { ...prev, ...patch } : prev));
  }, []);

  if (!draft) return <p className="panel panel__empty">{t('reportForm.loading')}</p>;

  /** One of the report's plain text fields: labelled, bound to the draft, showing its field's error. */
  const draftText = (
    name: DraftTextField,
    opts: { errorPath?: string; multiline?: boolean; required?: boolean; maxLength: number; testId?: string },
  ) => (
    <TextField
      name={name}
      label={t(`reportForm.${name}`)}
      value={draft[name]}
      onChange={(value) => update({ [name]: value })}
      error={errors[opts.errorPath ?? name]}
      multiline={opts.multiline}
      required={opts.required}
      optional={!opts.required}
      maxLength={opts.maxLength}
      testId={opts.testId}
    />
  );

  const body = () => bodyFromDraft(draft, 'submitted', sectors, forActor);

  function requestPublish() {
    const checked = validateReport(body(), t);
    setFailure(null);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFailure(t('reportForm.invalid'));
      window.setTimeout(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
      return;
    }
    setErrors({});
    setConfirming(true);
  }

  async function publish() {
    const checked = validateReport(body(), t);
    if (!checked.ok) return;
    setPublishing(true);
    // No autosave may land after the publication (it would bring a draft back).
    window.clearTimeout(timer.current);
    await inFlight.current;
    try {
      const report = await api.saveReport(checked.data);
      edited.current = false;
      setPublished(report);
      setDraft(draftFromReport(report, true));
      setSave({ kind: 'idle' });
      setNotice(null);
      setConfirming(false);
    } catch (err) {
      store.handleError(err);
      const apiErrors = reportApiErrors(err);
      setErrors(apiErrors);
      setFailure(
        err instanceof ApiError && err.status === 400
          ? t('reportForm.invalid')
          : t('reportForm.failed', { message: describeError(err, t) }),
      );
      setConfirming(false);
    } finally {
      setPublishing(false);
    }
  }

  const others = actors.filter((a) => a.id !== actorId);
  const assessed = sectors.filter((s) => (draft.sectors[s.id]?.impact ?? '') !== '').map((s) => s.id);

  return (
    <form
      className="report-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        requestPublish();
      }}
      data-testid="report-form"
      data-actor-id={actorId}
    >
      <p className="security-notice" role="note" data-testid="security-notice">
        <strong aria-hidden="true">⚠ </strong>
        {t('reportForm.securityNotice')}
      </p>
      {notice && <p className="page-note">{notice}</p>}

      <Section title={t('reportForm.sectionEvent')}>
        <RadioGroup
          name="version"
          legend={t('reportForm.version')}
          value={draft.version}
          options={reportVersions.map((v) => ({ value: v, label: t(`reportForm.versions.${v}`) }))}
          onChange={(v) => update({ version: v as ReportVersion })}
          testId="report-version"
        />
        {draftText('situation', { multiline: true, required: true, maxLength: 10_000, testId: 'report-situation' })}
        <div className="form-grid">
          {draftText('what', { errorPath: 'event.what', maxLength: 2000, testId: 'report-what' })}
          {draftText('where', { errorPath: 'event.where', maxLength: 1000, testId: 'report-where' })}
          {draftText('when', { errorPath: 'event.when', maxLength: 200 })}
          {draftText('source', { errorPath: 'event.source', maxLength: 1000 })}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.confirmed}
            onChange={(e) => update({ confirmed: e.target.checked })}
            data-testid="report-confirmed"
          />{' '}
          {t('reportForm.confirmed')}
        </label>
      </Section>

      <Section title={t('reportForm.sectionConsequences')}>
        <div className="form-grid">
          <SelectField
            label={t('reportForm.ownImpact')}
            value={draft.ownImpact}
            onChange={(v) => update({ ownImpact: v as Impact | '' })}
            options={[
              { value: '', label: t('impact.none') },
              ...impactLevels.map((i) => ({ value: i, label: t(`impact.${i}`) })),
            ]}
            testId="report-own-impact"
          />
          {draftText('ownComment', { errorPath: 'ownOperations.comment', maxLength: 4000 })}
        </div>
        <fieldset className="sector-rows" data-testid="report-sectors">
          <legend className="field__label">{t('reportForm.sectorsLegend')}</legend>
          <p className="field__hint">{t('reportForm.sectorsHint')}</p>
          {errors.sectors && <p className="field__error">{errors.sectors}</p>}
          <table className="sector-table">
            <tbody>
              {sectors.map((s) => {
                const row = draft.sectors[s.id] ?? { impact: '', comment: '' };
                const name = i18n.language.startsWith('en') ? s.nameEn : s.name;
                // The body holds only the assessed sectors: errors come back by their place among those.
                const position = assessed.indexOf(s.id);
                const setRow = (patch: Partial<typeof row>) =>
                  update({ sectors: { ...draft.sectors, [s.id]: { ...row, ...patch } } });
                return (
                  <SectorRow
                    key={s.id}
                    sector={s}
                    name={name}
                    impact={row.impact}
                    comment={row.comment}
                    error={errors[`sectors.${position}.comment`]}
                    onImpact={(impact) => setRow({ impact })}
                    onComment={(comment) => setRow({ comment })}
                  />
                );
              })}
            </tbody>
          </table>
        </fieldset>
      </Section>

      <Section title={t('reportForm.sectionMeasures')}>
        <div className="form-grid">
          {draftText('measuresTaken', { multiline: true, maxLength: 6000, testId: 'report-measures-taken' })}
          {draftText('measuresPlanned', { multiline: true, maxLength: 6000 })}
        </div>
      </Section>

      <Section title={t('reportForm.sectionNeeds')}>
        <p className="field__hint">{t('reportForm.needsHint')}</p>
        <ol className="need-rows">
          {draft.needs.map((need, index) => (
            <li key={need.key} className="need-row" data-testid="report-need">
              <TextField
                name={`need-${index}`}
                label={t('reportForm.need', { n: index + 1 })}
                value={need.text}
                onChange={(text) =>
                  update({ needs: draft.needs.map((n) => (n.key === need.key ? { ...n, text } : n)) })
                }
                error={errors[`needs.${index}.text`]}
                multiline
                required
                maxLength={2000}
                testId="report-need-text"
              />
              <ActorPicker
                label={t('reportForm.needTo')}
                actors={others}
                chosen={need.to}
                onChange={(to) => update({ needs: draft.needs.map((n) => (n.key === need.key ? { ...n, to } : n)) })}
                error={errors[`needs.${index}.to`]}
                testId="report-need-to"
              />
              <button
                type="button"
                className="btn btn--quiet btn--small need-row__remove"
                onClick={() => update({ needs: draft.needs.filter((n) => n.key !== need.key) })}
              >
                {t('reportForm.removeNeed', { n: index + 1 })}
              </button>
            </li>
          ))}
        </ol>
        {errors.needs && <p className="field__error">{errors.needs}</p>}
        <div>
          <button
            type="button"
            className="btn btn--quiet"
            onClick={() => update({ needs: [...draft.needs, newNeed()] })}
            data-testid="report-add-need"
          >
            + {t('reportForm.addNeed')}
          </button>
        </div>
      </Section>

      <Section title={t('reportForm.sectionAssessment')}>
        <div className="form-grid">
          {draftText('assessment', { multiline: true, maxLength: 6000, testId: 'report-assessment' })}
          {draftText('forecast', { multiline: true, maxLength: 6000 })}
          <SelectField
            label={t('reportForm.confidence')}
            value={draft.confidence}
            onChange={(v) => update({ confidence: v as ReportDraft['confidence'] })}
            options={[
              { value: '', label: t('reportForm.choose') },
              ...confidenceLevels.map((c) => ({ value: c, label: t(`reportForm.confidences.${c}`) })),
            ]}
          />
          <DateTimeField
            label={t('reportForm.nextReportAt')}
            value={draft.nextReportAt}
            onChange={(nextReportAt) => update({ nextReportAt })}
            error={errors.nextReportAt}
          />
        </div>
      </Section>

      <Section title={t('reportForm.sectionOther')}>
        <div className="form-grid">
          {draftText('communication', { multiline: true, maxLength: 4000 })}
          {draftText('comingActivities', { multiline: true, maxLength: 4000 })}
          {draftText('contact', { maxLength: 500 })}
        </div>
      </Section>

      <Section title={t('reportForm.sectionClass')}>
        <RadioGroup
          name="classification"
          legend={t('reportForm.classification')}
          value={draft.classification}
          options={classifications.map((c) => ({
            value: c,
            label: t(`reportForm.classes.${c}`),
            hint: t(`reportForm.classHints.${c}`),
          }))}
          onChange={(v) =>
            update({ classification: v as Classification, ...(v === 'secret' ? {} : { sharedWith: [] }) })
          }
          error={errors.classification}
          testId="report-classification"
        />
        <p className="security-notice security-notice--small">{t('reportForm.securityNotice')}</p>
        {draft.classification === 'secret' && (
          <ActorPicker
            label={t('reportForm.sharedWith')}
            actors={others}
            chosen={draft.sharedWith}
            onChange={(sharedWith) => update({ sharedWith })}
            error={errors.sharedWith}
            testId="report-shared-with"
          />
        )}
      </Section>

      <div className="report-form__footer">
        <p className="report-form__status" aria-live="polite" data-testid="draft-status" data-state={save.kind}>
          {save.kind === 'saving' && t('reportForm.draftSaving')}
          {save.kind === 'saved' && t('reportForm.draftSaved', { time: clockWithSeconds(save.at) })}
          {save.kind === 'waiting' && t('reportForm.draftWaiting')}
          {save.kind === 'failed' && t('reportForm.draftFailed', { message: save.message })}
        </p>
        {failure && (
          <p className="field__error report-form__failure" role="alert" data-testid="report-failure">
            {failure}
          </p>
        )}
        {published && (
          <p className="report-form__published" role="status" data-testid="report-published">
            ✓ {t('reportForm.published', { number: published.number, period: published.period })}
          </p>
        )}
        <button type="submit" className="btn btn--primary btn--large" data-testid="report-submit">
          {t('reportForm.submit')}
        </button>
      </div>

      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t('reportForm.confirmTitle')}
        dismissible={!publishing}
        testId="report-confirm"
      >
        <div className="dialog__body">
          <p className="dialog__intro">{t('reportForm.confirmText', { actor: actorName })}</p>
        </div>
        <div className="dialog__actions">
          <button type="button" className="btn btn--quiet" disabled={publishing} onClick={() => setConfirming(false)}>
            {t('reportForm.cancel')}
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={publishing}
            data-autofocus
            onClick={() => void publish()}
            data-testid="report-confirm-submit"
          >
            {publishing ? t('reportForm.submitting') : t('reportForm.confirmSubmit')}
          </button>
        </div>
      </Dialog>
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="panel report-section" aria-labelledby={id}>
      <h2 id={id} className="panel__title report-section__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function SelectField({
  label,
  value,
  onChange,
  options,
  error,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: string | undefined;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {error && <p className="field__error">{error}</p>}
    </div>
  );
}

function DateTimeField({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        type="datetime-local"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        data-testid="report-next"
      />
      {error && <p className="field__error">{error}</p>}
    </div>
  );
}

function RadioGroup({
  name,
  legend,
  value,
  options,
  onChange,
  error,
  testId,
}: {
  name: string;
  legend: string;
  value: string;
  options: Array<{ value: string; label: string; hint?: string }>;
  onChange: (value: string) => void;
  error?: string | undefined;
  testId?: string;
}) {
  return (
    <fieldset className={`radio-group${error ? ' field--invalid' : ''}`} data-testid={testId}>
      <legend className="field__label">{legend}</legend>
      <div className="radio-group__options">
        {options.map((o) => (
          <label key={o.value} className={`radio${value === o.value ? ' radio--checked' : ''}`}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              data-testid={testId ? `${testId}-${o.value}` : undefined}
            />
            <span>
              <span className="radio__label">{o.label}</span>
              {o.hint && <span className="radio__hint">{o.hint}</span>}
            </span>
          </label>
        ))}
      </div>
      {error && <p className="field__error">{error}</p>}
    </fieldset>
  );
}

function SectorRow({
  sector,
  name,
  impact,
  comment,
  error,
  onImpact,
  onComment,
}: {
  sector: Sector;
  name: string;
  impact: Impact | '';
  comment: string;
  error?: string | undefined;
  onImpact: (impact: Impact | '') => void;
  onComment: (comment: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <tr
      className={`sector-row${impact ? ` sector-row--${impact}` : ''}`}
      data-testid="report-sector"
      data-sector={sector.id}
    >
      <th scope="row">
        <label htmlFor={`${id}-impact`}>{name}</label>
      </th>
      <td>
        <select
          id={`${id}-impact`}
          value={impact}
          onChange={(e) => onImpact(e.target.value as Impact | '')}
          data-testid="report-sector-impact"
        >
          <option value="">{t('impact.none')}</option>
          {impactLevels.map((i) => (
            <option key={i} value={i}>
              {t(`impact.${i}`)}
            </option>
          ))}
        </select>
      </td>
      <td className="sector-row__comment">
        <input
          type="text"
          value={comment}
          maxLength={2000}
          aria-label={t('reportForm.sectorComment', { sector: name })}
          placeholder={t('reportForm.commentPlaceholder')}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onComment(e.target.value)}
          data-testid="report-sector-comment"
        />
        {error && <p className="field__error">{error}</p>}
      </td>
    </tr>
  );
}

/** Chosen actors as removable chips, and a select to add one more: all by keyboard. */
function ActorPicker({
  label,
  actors,
  chosen,
  onChange,
  error,
  testId,
}: {
  label: string;
  actors: Actor[];
  chosen: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const name = (actorId: string) => actors.find((a) => a.id === actorId)?.name ?? actorId;
  return (
    <div className={`field actor-chips${error ? ' field--invalid' : ''}`} data-testid={testId}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {chosen.length > 0 ? (
        <ul className="chips">
          {chosen.map((actorId) => (
            <li key={actorId} className="chip">
              {name(actorId)}
              <button
                type="button"
                className="chip__remove"
                aria-label={t('reportForm.removeActor', { actor: name(actorId) })}
                onClick={() => onChange(chosen.filter((c) => c !== actorId))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="field__hint">{t('reportForm.noneChosen')}</p>
      )}
      <select
        id={id}
        value=""
        onChange={(e) => {
          if (e.target.value) onChange([...chosen, e.target.value]);
        }}
        data-testid={testId ? `${testId}-add` : undefined}
      >
        <option value="">{t('reportForm.addActor')}</option>
        {actors
          .filter((a) => !chosen.includes(a.id))
          .map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
      </select>
      {error && <p className="field__error">{error}</p>}
    </div>
  );
}
