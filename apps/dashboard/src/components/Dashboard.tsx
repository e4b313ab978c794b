import type { User } from '@samverkan/contracts';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive } from '../live.ts';
import { ActorsPanel } from './ActorsPanel.tsx';
import { Header } from './Header.tsx';
import { HistoryTable } from './HistoryTable.tsx';
import { ModeActions } from './ModeActions.tsx';
import { ModeBanner } from './ModeBanner.tsx';
import { RequestsPanel } from './RequestsPanel.tsx';

/** The logged-in dashboard; everything on it stays current without a reload. */
export function Dashboard({ user, onLogout }: { user: User; onLogout: () => void }) {
  const { t } = useTranslation();
  const { mode } = useLive();
  const kind = mode?.mode ?? 'loading';

  useEffect(() => {
    document.title =
      kind === 'activated' ? `${t('mode.activated')} · ${t('app.name')}` : `${t('app.name')} ${t('app.region')}`;
  }, [kind, t]);

  return (
    <div className={`app app--${kind}`}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header user={user} onLogout={onLogout} />
      <div className={`mode-band mode-band--${kind}`}>
        <div className="mode-band__inner">
          <ModeBanner mode={mode} />
          <ModeActions user={user} />
        </div>
      </div>
      <main id="main" className="layout" tabIndex={-1}>
        <div className="layout__main">
          <RequestsPanel user={user} />
          <HistoryTable />
        </div>
        <aside className="layout__side">
          <ActorsPanel ownActorId={user.actorId} />
        </aside>
      </main>
    </div>
  );
}
