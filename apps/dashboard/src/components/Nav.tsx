import type { User } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { mayMonitorQueues, mayViewCallouts, QUEUE_MONITOR_PATH } from '../callouts.ts';
import { mayOpenContacts } from '../contacts.ts';
import { mayViewMessageDesk } from '../messages.ts';
import { mayReport } from '../reports.ts';
import { Link, useRoute } from '../router.ts';

/** The dashboard's pages; a page shows only to those who may use it. */
export function Nav({ user }: { user: User }) {
  const { t } = useTranslation();
  const route = useRoute();
  const contacts = mayOpenContacts(user.role);
  const callouts = mayViewCallouts(user.role);
  const queues = mayMonitorQueues(user.role);
  const reports = mayReport(user.role);
  const messages = mayViewMessageDesk(user.role);
  return (
    <nav className="topnav" aria-label={t('nav.label')}>
      <ul className="topnav__list">
        <li>
          <Link to={{ page: 'mode' }} className="topnav__link" current={route.page === 'mode'} testId="nav-overview">
            {t('nav.overview')}
          </Link>
        </li>
        <li>
          <Link
            to={{ page: 'situation' }}
            className="topnav__link"
            current={route.page === 'situation' || route.page === 'publication'}
            testId="nav-situation"
          >
            {t('nav.situation')}
          </Link>
        </li>
        {reports && (
          <li>
            <Link
              to={{ page: 'report' }}
              className="topnav__link"
              current={route.page === 'report'}
              testId="nav-report"
            >
              {t('nav.report')}
            </Link>
          </li>
        )}
        {messages && (
          <li>
            <Link
              to={{ page: 'messages', id: null }}
              className="topnav__link"
              current={route.page === 'messages'}
              testId="nav-messages"
            >
              {t('nav.messages')}
            </Link>
          </li>
        )}
        {callouts && (
          <li>
            <Link
              to={{ page: 'callouts' }}
              className="topnav__link"
              current={route.page === 'callouts'}
              testId="nav-callouts"
            >
              {t('nav.callouts')}
            </Link>
          </li>
        )}
        {contacts && (
          <li>
            <Link
              to={{ page: 'contacts', actorId: null }}
              className="topnav__link"
              current={route.page === 'contacts'}
              testId="nav-contacts"
            >
              {t('nav.contacts')}
            </Link>
          </li>
        )}
        {queues && (
          <li>
            {/* Bull Board is a page of its own (admins only): it opens beside the dashboard, which stays live. */}
            <a
              href={QUEUE_MONITOR_PATH}
              className="topnav__link topnav__link--external"
              target="_blank"
              rel="noopener"
              data-testid="nav-queues"
            >
              {t('nav.queues')}
              <span aria-hidden="true"> ↗</span>
              <span className="visually-hidden"> {t('nav.newTab')}</span>
            </a>
          </li>
        )}
      </ul>
    </nav>
  );
}
