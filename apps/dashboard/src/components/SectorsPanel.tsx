import { type Sector, SectorBodySchema } from '@samverkan/contracts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { apiFieldErrors, describeError, type FieldErrors, validate } from '../forms.ts';
import { TextField } from './TextField.tsx';

const fields = ['id', 'name', 'nameEn'] as const;

/** The server's 400 as field errors next to the fields, and whatever it named that no field shows. */
function serverErrors(err: unknown, t: ReturnType<typeof useTranslation>['t'], shown: readonly string[]) {
  const errors = apiFieldErrors(err, t);
  const rest =
    err instanceof ApiError && err.status === 400
      ? err.fieldProblems
          .filter((p) => !shown.includes(p.path.split('.').at(-1) ?? p.path))
          .map((p) => `${p.path}: ${p.message}`)
      : [];
  const message = [describeError(err, t), ...rest].join(' ');
  return { errors, message };
}

/**
 * Sektorer: the vital societal sectors that reports assess, in order. Admins
 * rename a sector in place and add new ones; the change reaches every open
 * dashboard as a situation change.
 */
export function SectorsPanel({ sectors, onChanged }: { sectors: Sector[]; onChanged: () => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  return (
    <section className="panel sectors" aria-labelledby="sectors-heading" data-testid="sectors-panel">
      <header className="panel__header">
        <h2 id="sectors-heading" className="panel__title">
          {t('sectors.title')} <span className="panel__count">({sectors.length})</span>
        </h2>
        <p className="panel__count">{t('sectors.hint')}</p>
      </header>
      <ol className="sectors__list">
        {sectors.map((s) => (
          <SectorRow
            key={s.id}
            sector={s}
            editing={editing === s.id}
            onEdit={() => {
              setStatus(null);
              setEditing(s.id);
            }}
            onDone={(saved) => {
              setEditing(null);
              if (saved) {
                setStatus(t('sectors.saved'));
                onChanged();
              }
            }}
          />
        ))}
      </ol>
      <p className="sectors__status" role="status" data-testid="sectors-status">
        {status}
      </p>
      <AddSectorForm
        taken={sectors.map((s) => s.id)}
        onAdded={() => {
          setStatus(t('sectors.saved'));
          onChanged();
        }}
      />
    </section>
  );
}

function SectorRow({
  sector,
  editing,
  onEdit,
  onDone,
}: {
  sector: Sector;
  editing: boolean;
  onEdit: () => void;
  onDone: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(sector.name);
  const [nameEn, setNameEn] = useState(sector.nameEn);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const editRef = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  // Focus follows the edit: into the form when it opens, back to its button when it closes.
  const wasEditing = useRef(editing);
  useEffect(() => {
    if (editing) formRef.current?.querySelector('input')?.focus();
    else if (wasEditing.current) editRef.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  function start() {
    setName(sector.name);
    setNameEn(sector.nameEn);
    setErrors({});
    setFormError(null);
    onEdit();
  }

  function finish(saved: boolean) {
    onDone(saved);
  }

  async function save() {
    const checked = validate(SectorBodySchema, { id: sector.id, name: name.trim(), nameEn: nameEn.trim() }, t);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFormError(null);
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await api.putSector(sector.id, { name: checked.data.name, nameEn: checked.data.nameEn });
      finish(true);
    } catch (err) {
      const shown = serverErrors(err, t, ['name', 'nameEn']);
      setErrors(shown.errors);
      setFormError(shown.message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="sectors__item" data-testid="sector-row" data-sector={sector.id}>
      {editing ? (
        <form
          ref={formRef}
          className="sectors__form"
          aria-label={t('sectors.renameLabel', { name: sector.name })}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !busy) {
              e.preventDefault();
              finish(false);
            }
          }}
        >
          <div className="sectors__fields">
            <TextField
              name="name"
              label={t('sectors.name')}
              value={name}
              onChange={setName}
              error={errors.name}
              required
              maxLength={200}
              testId="sector-edit-name"
            />
            <TextField
              name="nameEn"
              label={t('sectors.nameEn')}
              value={nameEn}
              onChange={setNameEn}
              error={errors.nameEn}
              required
              maxLength={200}
              testId="sector-edit-name-en"
            />
          </div>
          {formError && (
            <p className="form-error" role="alert">
              {formError}
            </p>
          )}
          <div className="sectors__actions">
            <button type="submit" className="btn btn--primary btn--small" disabled={busy} data-testid="sector-save">
              {busy ? t('sectors.saving') : t('sectors.save')}
            </button>
            <button type="button" className="btn btn--quiet btn--small" disabled={busy} onClick={() => finish(false)}>
              {t('sectors.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div className="sectors__show">
          <span className="sectors__names">
            <span className="sectors__name" data-testid="sector-name">
              {sector.name}
            </span>
            <span className="sectors__name-en" lang="en" data-testid="sector-name-en">
              {sector.nameEn}
            </span>
            <code className="sectors__id">{sector.id}</code>
          </span>
          <button
            ref={editRef}
            type="button"
            className="btn btn--quiet btn--small"
            aria-label={t('sectors.renameLabel', { name: sector.name })}
            onClick={start}
            data-testid="sector-edit"
          >
            {t('sectors.rename')}
          </button>
        </div>
      )}
    </li>
  );
}

function AddSectorForm({ taken, onAdded }: { taken: string[]; onAdded: () => void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState({ id: '', name: '', nameEn: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (field: (typeof fields)[number]) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  function focusFirstError(errs: FieldErrors) {
    const first = fields.find((f) => errs[f]);
    if (first) window.setTimeout(() => formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus(), 0);
  }

  async function add() {
    const body = { id: values.id.trim(), name: values.name.trim(), nameEn: values.nameEn.trim() };
    const checked = validate(SectorBodySchema, body, t);
    const errs: FieldErrors = checked.ok ? {} : { ...checked.errors };
    if (checked.ok && taken.includes(body.id)) errs.id = t('sectors.idTaken');
    else if (errs.id && body.id !== '') errs.id = t('sectors.idInvalid');
    setFormError(null);
    setErrors(errs);
    if (!checked.ok || Object.keys(errs).length > 0) {
      focusFirstError(errs);
      return;
    }
    setBusy(true);
    try {
      await api.putSector(body.id, { name: body.name, nameEn: body.nameEn });
      setValues({ id: '', name: '', nameEn: '' });
      onAdded();
    } catch (err) {
      const shown = serverErrors(err, t, fields);
      setErrors(shown.errors);
      setFormError(shown.message);
      focusFirstError(shown.errors);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      ref={formRef}
      className="sectors__add"
      aria-labelledby="sectors-add-heading"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
      data-testid="sector-add-form"
    >
      <h3 id="sectors-add-heading" className="sectors__subtitle">
        {t('sectors.addTitle')}
      </h3>
      <div className="sectors__fields sectors__fields--three">
        <TextField
          name="id"
          label={t('sectors.id')}
          hint={t('sectors.idHint')}
          value={values.id}
          onChange={set('id')}
          error={errors.id}
          required
          maxLength={80}
          testId="sector-add-id"
        />
        <TextField
          name="name"
          label={t('sectors.name')}
          value={values.name}
          onChange={set('name')}
          error={errors.name}
          required
          maxLength={200}
          testId="sector-add-name"
        />
        <TextField
          name="nameEn"
          label={t('sectors.nameEn')}
          value={values.nameEn}
          onChange={set('nameEn')}
          error={errors.nameEn}
          required
          maxLength={200}
          testId="sector-add-name-en"
        />
      </div>
      {formError && (
        <p className="form-error" role="alert" data-testid="sector-add-error">
          {formError}
        </p>
      )}
      <div className="sectors__actions">
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid="sector-add-submit">
          {busy ? t('sectors.saving') : t('sectors.add')}
        </button>
      </div>
    </form>
  );
}
