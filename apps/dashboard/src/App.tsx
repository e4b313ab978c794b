import type { User } from '@samverkan/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './api.ts';
import { Dashboard } from './components/Dashboard.tsx';
import { LoginPage } from './components/LoginPage.tsx';
import { LiveProvider } from './live.ts';

type Session = { status: 'checking' } | { status: 'anonymous'; expired: boolean } | { status: 'in'; user: User };

/** Logged in: the dashboard with its live connection. Otherwise: the login page. */
export function App() {
  const { t } = useTranslation();
  const [session, setSession] = useState<Session>({ status: 'checking' });

  useEffect(() => {
    let cancelled = false;
    api.me().then(
      ({ user }) => !cancelled && setSession({ status: 'in', user }),
      () => !cancelled && setSession({ status: 'anonymous', expired: false }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  const expire = useCallback(() => setSession({ status: 'anonymous', expired: true }), []);
  const logout = useCallback(async () => {
    await api.logout().catch(() => undefined);
    setSession({ status: 'anonymous', expired: false });
  }, []);

  if (session.status === 'checking') {
    return (
      <p className="boot" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (session.status === 'anonymous') {
    return <LoginPage expired={session.expired} onLogin={(user) => setSession({ status: 'in', user })} />;
  }
  return (
    <LiveProvider key={session.user.id} onUnauthorized={expire}>
      <Dashboard user={session.user} onLogout={() => void logout()} />
    </LiveProvider>
  );
}
