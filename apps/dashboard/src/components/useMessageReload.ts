import { useEffect, useRef } from 'react';
import { type MessageChange, useMessageChanges } from '../live.ts';

/**
 * Loads now, and again whenever a message it `concerns` changes: folded, so a
 * burst of changes costs one request `delayMs` after the first. Leaving bumps
 * `latest` (the ticket of the newest request), so answers still on their way are dropped.
 */
export function useMessageReload(
  load: () => void,
  latest: { current: number },
  delayMs: number,
  concerns: (change: MessageChange) => boolean = () => true,
) {
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => {
    load();
    return () => {
      latest.current++;
      window.clearTimeout(timer.current);
    };
  }, [load, latest]);

  useMessageChanges((change) => {
    if (!concerns(change)) return;
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      load();
    }, delayMs);
  });
}
