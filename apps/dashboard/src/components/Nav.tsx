import type { User } from '@samverkan/contracts';
import { useTranslation } from 'react-i18next';
import { mayOpenContacts } from '../contacts.ts';
import { Link, useRoute } from '../router.ts';

/** The dashboard's pages; a page shows only to those who may use it. */
export function Nav({ user }: { user: User }) {
  const { t } = useTranslation();
  const route = useRoute();
  if (!mayOpenContacts(user.role)) return null;
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
            to={{ page: 'contacts', actorId: null }}
            className="topnav__link"
            current={route.page === 'contacts'}
            testId="nav-contacts"
          >
            {t('nav.contacts')}
          </Link>
        </li>
      </ul>
    </nav>
  );
}
