import type { User } from '@samverkan/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLive } from '../live.ts';
import { useRoute } from '../router.ts';
import { ActorsPanel } from './ActorsPanel.tsx';
import { CalloutPage } from './CalloutPage.tsx';
import { ContactsPage } from './ContactsPage.tsx';
import { Header } from './Header.tsx';
import { HistoryTable } from './HistoryTable.tsx';
import { InAppNotifications } from './InAppNotifications.tsx';
import { MessagesPage } from './MessagesPage.tsx';
import { ModeActions } from './ModeActions.tsx';
import { ModeBanner } from './ModeBanner.tsx';
import { PublicationPrint } from './PublicationPrint.tsx';
import { ReportPage } from './ReportPage.tsx';
import { RequestsPanel } from './RequestsPanel.tsx';
import { SituationPage } from './SituationPage.tsx';

/**
 * The logged-in dashboard; everything on it stays current without a reload.
 * The mode band stays on every page: the mode is the one thing nobody may miss.
 */
export function Dashboard({ user, onLogout }: { user: User; onLogout: () => void }) {
  const { t } = useTranslation();
  const { mode } = useLive();
  const route = useRoute();
  const kind = mode?.mode ?? 'loading';
  const exercise = kind === 'activated' && mode?.exercise === true;
  const page = route.page;

  useEffect(() => {
    const activated = exercise ? `${t('mode.exercise')} · ${t('mode.activated')}` : t('mode.activated');
    const base = kind === 'activated' ? `${activated} · ${t('app.name')}` : `${t('app.name')} ${t('app.region')}`;
    const titles = {
      contacts: t('contacts.title'),
      callouts: t('callouts.title'),
      situation: t('situation.title'),
      report: t('reportForm.title'),
      publication: t('publication.pageTitle'),
      messages: t('messages.title'),
      mode: null,
    };
    const pageTitle = titles[page];
    document.title = pageTitle ? `${pageTitle} · ${base}` : base;
  }, [kind, exercise, page, t]);

  // A new page is announced by taking focus to its heading (not on the first page shown).
  const shownPage = useRef(page);
  useEffect(() => {
    if (shownPage.current === page) return;
    shownPage.current = page;
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [page]);

  return (
    <div className={`app app--${kind}`}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Header user={user} onLogout={onLogout} />
      <div className={`mode-band mode-band--${kind}${exercise ? ' mode-band--exercise' : ''}`}>
        <div className="mode-band__inner">
          <ModeBanner mode={mode} />
          <ModeActions user={user} />
        </div>
      </div>
      <InAppNotifications user={user} />
      {route.page === 'contacts' ? (
        <ContactsPage user={user} requestedActorId={route.actorId} />
      ) : route.page === 'callouts' ? (
        <CalloutPage user={user} />
      ) : route.page === 'situation' ? (
        <SituationPage user={user} />
      ) : route.page === 'publication' ? (
        <PublicationPrint key={route.id} id={route.id} />
      ) : route.page === 'report' ? (
        <ReportPage user={user} />
      ) : route.page === 'messages' ? (
        <MessagesPage user={user} id={route.id} />
      ) : (
        <ModeView user={user} />
      )}
    </div>
  );
}

/** The start page: requests, the activation record and the actors. */
function ModeView({ user }: { user: User }) {
  const { t } = useTranslation();
  return (
    <main id="main" className="layout" tabIndex={-1}>
      <h1 className="visually-hidden" tabIndex={-1}>
        {t('nav.overviewHeading')}
      </h1>
      <div className="layout__main">
        <RequestsPanel user={user} />
        <HistoryTable />
      </div>
      <aside className="layout__side">
        <ActorsPanel ownActorId={user.actorId} />
      </aside>
    </main>
  );
}
