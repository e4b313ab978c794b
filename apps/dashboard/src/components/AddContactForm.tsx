import { type ChannelType, type Contact, channelTypes, languages } from '@samverkan/contracts';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import {
  addressKey,
  type ChannelDraft,
  type ContactDraft,
  type ContactLanguage,
  contactApiErrors,
  MAX_CHANNELS,
  prepareContact,
} from '../contacts.ts';
import { describeError, type FieldErrors } from '../forms.ts';
import { useLiveStore } from '../live.ts';
import { useFocusAfterRender } from '../useFocusAfterRender.ts';
import { FormPanel } from './FormPanel.tsx';
import { FormSubmit } from './FormSubmit.tsx';
import { TextField } from './TextField.tsx';

const inputType: Record<ChannelType, 'email' | 'tel' | 'url'> = { email: 'email', sms: 'tel', webhook: 'url' };
const autoComplete: Record<ChannelType, string> = { email: 'off', sms: 'off', webhook: 'url' };

let nextKey = 1;
const newChannel = (type: ChannelType = 'email'): ChannelDraft => ({ key: nextKey++, type, address: '' });
const emptyDraft = (): ContactDraft => ({ name: '', role: '', language: 'sv', channels: [newChannel()] });

/**
 * Adds a contact last in an actor's call-out list. Validated with the
 * contract's ContactBodySchema before sending; the API's 400 field errors are
 * shown next to the same fields. After adding, the form is empty again and
 * focus is back on the name, ready for the next contact.
 */
export function AddContactForm({ actorId, onAdded }: { actorId: string; onAdded: (contact: Contact) => void }) {
  const { t } = useTranslation();
  const store = useLiveStore();
  const formRef = useRef<HTMLFormElement>(null);
  const headingId = useId();
  const [draft, setDraft] = useState<ContactDraft>(emptyDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const focusAfterRender = useFocusAfterRender();

  function focusLater(selector: string) {
    focusAfterRender(() => formRef.current?.querySelector<HTMLElement>(selector));
  }

  function update(patch: Partial<ContactDraft>, clear: string[]) {
    setDraft((d) => ({ ...d, ...patch }));
    if (clear.some((key) => errors[key])) {
      setErrors((e) => {
        const next = { ...e };
        for (const key of clear) delete next[key];
        return next;
      });
    }
  }

  function updateChannel(index: number, patch: Partial<ChannelDraft>) {
    update({ channels: draft.channels.map((c, i) => (i === index ? { ...c, ...patch } : c)) }, [addressKey(index)]);
  }

  function addChannel() {
    if (draft.channels.length >= MAX_CHANNELS) return;
    const index = draft.channels.length;
    update({ channels: [...draft.channels, newChannel(draft.channels.at(-1)?.type === 'email' ? 'sms' : 'email')] }, [
      'channels',
    ]);
    focusLater(`[data-channel-index="${index}"] select`);
  }

  function removeChannel(index: number) {
    const channels = draft.channels.filter((_, i) => i !== index);
    // Errors are keyed by position: the rows after this one move up, and so do their errors.
    setErrors((e) => {
      const next: FieldErrors = {};
      for (const [key, message] of Object.entries(e)) {
        const m = key.match(/^channels\.(\d+)\.address$/);
        if (!m) next[key] = message;
        else if (Number(m[1]) < index) next[key] = message;
        else if (Number(m[1]) > index) next[addressKey(Number(m[1]) - 1)] = message;
      }
      return next;
    });
    setDraft((d) => ({ ...d, channels }));
    focusLater(channels.length > index ? `[data-channel-index="${index}"] select` : '[data-testid="add-channel"]');
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const prepared = prepareContact(draft, t);
    if (!prepared.ok) {
      setErrors(prepared.errors);
      setFormError(t('errors.invalid'));
      focusLater('[aria-invalid="true"]');
      return;
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const created = await api.addContact(actorId, prepared.data);
      setBusy(false);
      setDraft(emptyDraft());
      onAdded(created);
      focusLater('input[name="name"]');
    } catch (err) {
      setBusy(false);
      store.handleError(err);
      const fieldErrors = contactApiErrors(err, draft, t);
      setErrors(fieldErrors);
      setFormError(describeError(err, t));
      if (Object.keys(fieldErrors).length > 0) focusLater('[aria-invalid="true"]');
    }
  }

  const channelsError = errors.channels;
  const channelsHintId = `${headingId}-channels-hint`;
  const channelsErrorId = `${headingId}-channels-error`;

  return (
    <FormPanel
      headingId={headingId}
      title={t('contacts.form.title')}
      intro={t('contacts.form.intro')}
      formRef={formRef}
      onSubmit={handleSubmit}
      formTestId="contact-form"
    >
      <TextField
        name="name"
        label={t('contacts.form.name')}
        value={draft.name}
        onChange={(name) => update({ name }, ['name'])}
        error={errors.name}
        required
        maxLength={200}
        autoComplete="off"
        testId="contact-name-input"
        readOnly={busy}
      />
      <TextField
        name="role"
        label={t('contacts.form.role')}
        optional
        hint={t('contacts.form.roleHint')}
        value={draft.role}
        onChange={(role) => update({ role }, ['role'])}
        error={errors.role}
        maxLength={200}
        autoComplete="off"
        testId="contact-role-input"
        readOnly={busy}
      />
      <SelectField
        label={t('contacts.form.language')}
        value={draft.language}
        onChange={(language) => update({ language: language as ContactLanguage }, ['language'])}
        error={errors.language}
        testId="contact-language-input"
        disabled={busy}
      >
        {languages.map((lng) => (
          <option key={lng} value={lng}>
            {t(`contacts.languages.${lng}`)}
          </option>
        ))}
      </SelectField>

      <fieldset
        className={`channels${channelsError ? ' channels--invalid' : ''}`}
        aria-describedby={[channelsHintId, channelsError ? channelsErrorId : ''].filter(Boolean).join(' ')}
      >
        <legend className="field__label">
          {t('contacts.form.channels')}
          <span className="field__required"> ({t('form.required')})</span>
        </legend>
        <p id={channelsHintId} className="field__hint">
          {t('contacts.form.channelsHint', { max: MAX_CHANNELS })}
        </p>
        {channelsError && (
          <p id={channelsErrorId} className="field__error">
            {channelsError}
          </p>
        )}
        <ol className="channel-rows">
          {draft.channels.map((channel, index) => (
            <li key={channel.key} data-channel-index={index} data-testid="channel-row">
              <fieldset className="channel-row">
                <legend className="channel-row__title">{t('contacts.form.channel', { number: index + 1 })}</legend>
                <SelectField
                  label={t('contacts.form.type')}
                  value={channel.type}
                  onChange={(type) => updateChannel(index, { type: type as ChannelType })}
                  testId="channel-type"
                  disabled={busy}
                >
                  {channelTypes.map((type) => (
                    <option key={type} value={type}>
                      {t(`contacts.channelType.${type}`)}
                    </option>
                  ))}
                </SelectField>
                <TextField
                  name={addressKey(index)}
                  type={inputType[channel.type]}
                  label={t(`contacts.form.address.${channel.type}`)}
                  hint={t(`contacts.form.addressHint.${channel.type}`)}
                  value={channel.address}
                  onChange={(address) => updateChannel(index, { address })}
                  error={errors[addressKey(index)]}
                  required
                  maxLength={channel.type === 'webhook' ? 2048 : 320}
                  autoComplete={autoComplete[channel.type]}
                  testId="channel-address"
                  readOnly={busy}
                />
                {draft.channels.length > 1 && (
                  <button
                    type="button"
                    className="btn btn--quiet btn--small channel-row__remove"
                    data-testid="remove-channel"
                    disabled={busy}
                    onClick={() => removeChannel(index)}
                  >
                    {t('contacts.form.removeChannel', { number: index + 1 })}
                  </button>
                )}
              </fieldset>
            </li>
          ))}
        </ol>
        {draft.channels.length < MAX_CHANNELS && (
          <button
            type="button"
            className="btn btn--quiet btn--small"
            data-testid="add-channel"
            disabled={busy}
            onClick={addChannel}
          >
            <span aria-hidden="true">+</span> {t('contacts.form.addChannel')}
          </button>
        )}
      </fieldset>

      <FormSubmit
        busy={busy}
        label={t('contacts.form.submit')}
        testId="contact-submit"
        error={formError}
        errorTestId="contact-form-error"
      />
    </FormPanel>
  );
}

/** A labelled native select with its error right under it, like TextField. */
function SelectField({
  label,
  value,
  onChange,
  error,
  testId,
  disabled = false,
  children,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
  testId?: string;
  disabled?: boolean;
  children: ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        value={value}
        data-testid={testId}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(event) => onChange(event.target.value)}
      >
        {children}
      </select>
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
