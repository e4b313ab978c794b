import { useCallback, useEffect, useState } from 'react';

/** A notice under the editor; `n` makes a repeated one count as new. */
export type Notice = { text: string; n: number; tone: 'ok' | 'info' };

/** Tells the user what just happened (e.g. "Sparat"), in the message view's notice line. */
export type Say = (text: string, tone?: Notice['tone']) => void;

/** The message view's latest notice, gone after ten seconds. */
export function useNotice(): { notice: Notice | null; say: Say } {
  const [notice, setNotice] = useState<Notice | null>(null);

  useEffect(() => {
    if (!notice) return;
    const handle = window.setTimeout(() => setNotice(null), 10_000);
    return () => window.clearTimeout(handle);
  }, [notice]);

  const say: Say = useCallback((text, tone = 'ok') => setNotice((prev) => ({ text, tone, n: (prev?.n ?? 0) + 1 })), []);

  return { notice, say };
}

/** The live region the notices are read out from; it stays in the page so a screen reader hears each one. */
export function NoticeLine({ notice }: { notice: Notice | null }) {
  return (
    <p className={`notice${notice ? ` notice--${notice.tone}` : ''}`} role="status" data-testid="message-notice">
      {notice && <span key={notice.n}>{notice.text}</span>}
    </p>
  );
}
