import type { User } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { useLive } from '../live.ts';
import { ConnectionIndicator } from './ConnectionIndicator.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Nav } from './Nav.tsx';

/** The top bar: the platform, its pages, the live connection, who is logged in, language, logout. */
export function Header({ user, onLogout }: { user: User; onLogout: () => void }) {
  const { t } = useTranslation();
  const { connection } = useLive();
  return (
    <header className="topbar">
      <div className="topbar__brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="topbar__name">{t('app.name')}</span>
        <span className="topbar__region">{t('app.region')}</span>
      </div>
      <Nav user={user} />
      <ConnectionIndicator state={connection} />
      <div className="topbar__user" data-testid="current-user">
        <span className="visually-hidden">{t('header.signedInAs')} </span>
        <span className="topbar__user-name">{user.name}</span>
        <span className="topbar__user-meta" title={`${t(`roles.${user.role}`)} · ${user.actorName}`}>
          {t(`roles.${user.role}`)} · {user.actorName}
        </span>
      </div>
      <LanguageSwitch />
      <button type="button" className="btn btn--quiet btn--small" data-testid="logout" onClick={onLogout}>
        {t('header.logout')}
      </button>
    </header>
  );
}
