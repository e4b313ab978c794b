import type { Actor } from '@samverkan/contracts';
import { useEffect, useState } from 'react';
import { api } from './api.ts';
import { useLiveStore } from './live.ts';

/**
 * The actors, fetched once per mount; null while they load (or when not
 * wanted: `enabled` false skips the request for a user who has no use for them).
 */
export function useActors(enabled = true): Actor[] | null {
  const store = useLiveStore();
  const [actors, setActors] = useState<Actor[] | null>(null);

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    api.actors().then(
      (list) => !cancelled && setActors(list),
      (err: unknown) => store.handleError(err),
    );
    return () => {
      cancelled = true;
    };
  }, [enabled, store]);

  return actors;
}
