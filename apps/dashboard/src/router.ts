import { createElement, type MouseEvent, type ReactNode, useSyncExternalStore } from 'react';

/**
 * The dashboard's pages. The server answers every page path with index.html,
 * so each of these survives a reload and can be bookmarked.
 */
export type Route =
  | { page: 'mode' }
  | { page: 'contacts'; actorId: string | null }
  | { page: 'callouts' }
  | { page: 'situation' }
  | { page: 'publication'; id: string }
  | { page: 'report' }
  | { page: 'messages'; id: string | null };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'contacts' && parts.length <= 2) return { page: 'contacts', actorId: parts[1] ?? null };
  if (parts[0] === 'callouts' && parts.length === 1) return { page: 'callouts' };
  if (parts[0] === 'situation' && parts.length === 1) return { page: 'situation' };
  if (parts[0] === 'situation' && parts[1] === 'publications' && parts[2] && parts[3] === 'print' && parts.length === 4)
    return { page: 'publication', id: parts[2] };
  if (parts[0] === 'report' && parts.length === 1) return { page: 'report' };
  if (parts[0] === 'messages' && parts.length <= 2) return { page: 'messages', id: parts[1] ?? null };
  return { page: 'mode' };
}

export function routePath(route: Route): string {
  if (route.page === 'contacts') return route.actorId ? `/contacts/${encodeURIComponent(route.actorId)}` : '/contacts';
  if (route.page === 'callouts') return '/callouts';
  if (route.page === 'situation') return '/situation';
  if (route.page === 'report') return '/report';
  if (route.page === 'messages') return route.id ? `/messages/${encodeURIComponent(route.id)}` : '/messages';
  if (route.page === 'publication') return `/situation/publications/${encodeURIComponent(route.id)}/print`;
  return '/';
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const getPathname = () => window.location.pathname;

/** Goes to a page of the dashboard without a reload. */
export function navigate(route: Route, { replace = false }: { replace?: boolean } = {}): void {
  const path = routePath(route);
  if (path === window.location.pathname) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  for (const listener of listeners) listener();
}

/** The current page, re-rendering when it changes (links, back and forward). */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, getPathname));
}

interface LinkProps {
  to: Route;
  className?: string;
  current?: boolean;
  testId?: string;
  children: ReactNode;
}

/** A real link (it opens in a new tab too) that changes page in place on a plain click. */
export function Link({ to, className, current = false, testId, children }: LinkProps) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return createElement(
    'a',
    {
      href: routePath(to),
      className,
      onClick,
      'aria-current': current ? 'page' : undefined,
      'data-testid': testId,
    },
    children,
  );
}
