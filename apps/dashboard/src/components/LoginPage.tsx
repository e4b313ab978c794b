import { LoginBodySchema, type User } from '@samverkan/contracts';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../api.ts';
import { describeError, type FieldErrors, validate } from '../forms.ts';
import { useFocusAfterRender } from '../useFocusAfterRender.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { TextField } from './TextField.tsx';

/** Email and password; the server sets the session cookie. */
export function LoginPage({ onLogin, expired }: { onLogin: (user: User) => void; expired: boolean }) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const focusAfterRender = useFocusAfterRender();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const parsed = validate(LoginBodySchema, { email, password }, t);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      setFormError(null);
      focusAfterRender(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]'));
      return;
    }
    setErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const { user } = await api.login(parsed.data);
      onLogin(user);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401) setFormError(t('login.invalid'));
      else if (err instanceof ApiError && err.status === 429) setFormError(t('login.tooMany'));
      else setFormError(describeError(err, t));
    }
  }

  return (
    <div className="login">
      <div className="login__lang">
        <LanguageSwitch />
      </div>
      <main className="login__card">
        <div className="login__brand">
          <span className="brand-mark brand-mark--large" aria-hidden="true" />
          <div>
            <p className="login__name">{t('app.name')}</p>
            <p className="login__region">{t('app.region')}</p>
          </div>
        </div>
        <h1 className="login__title">{t('login.title')}</h1>
        <p className="login__intro">{t('login.intro')}</p>
        {expired && !formError && (
          <p className="form-blocked" role="status">
            {t('errors.unauthorized')}
          </p>
        )}
        <form ref={formRef} noValidate onSubmit={handleSubmit}>
          <TextField
            name="email"
            type="email"
            label={t('login.email')}
            value={email}
            onChange={setEmail}
            error={errors.email}
            autoComplete="username"
            required
            maxLength={320}
            testId="login-email"
            readOnly={busy}
          />
          <TextField
            name="password"
            type="password"
            label={t('login.password')}
            value={password}
            onChange={setPassword}
            error={errors.password}
            autoComplete="current-password"
            required
            maxLength={1024}
            testId="login-password"
            readOnly={busy}
          />
          {formError && (
            <p className="form-error" role="alert" data-testid="login-error">
              {formError}
            </p>
          )}
          <button type="submit" className="btn btn--primary btn--block" data-testid="login-submit" aria-busy={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
