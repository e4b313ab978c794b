import { areaName, type PublicMessage } from '@samverkan/contracts';
import { type AtomEntry, renderAtomFeed } from './atom.ts';
import { type CapContent, capIdentifier } from './cap.ts';
import type { Lang } from './public-page.ts';
import { publicWords } from './public-page.ts';
import type { recentCapAlerts } from './public-queries.ts';
import { capDocumentUrl } from './repository.ts';

const feedAuthor = 'Samverkan Stockholmsregionen (SSR)';

/** The Atom feed of public messages; an entry keeps its id across versions, so readers replace it. */
export function messagesFeed(messages: readonly PublicMessage[], publicUrl: string, lang: Lang): string {
  const url = (path: string) => new URL(path, publicUrl).toString();
  const entries: AtomEntry[] = messages.map((m) => {
    const text = lang === 'en' ? (m.en ?? m.sv) : m.sv;
    const updated = new Date(m.withdrawnAt ?? m.publishedAt);
    const prefix = `${m.exercise ? (lang === 'en' ? 'EXERCISE: ' : 'ÖVNING: ') : ''}${m.status === 'withdrawn' ? `${publicWords[lang].withdrawn}: ` : ''}`;
    return {
      id: `urn:uuid:${m.seriesId}`,
      title: `${prefix}${text.headline}`,
      updated,
      published: new Date(m.publishedAt),
      authorName: m.responsibleActorName,
      summary: [text.body, text.instruction].filter(Boolean).join('\n\n'),
      categories: m.areas,
      links: [
        { href: url(`/public?lang=${lang}#m-${m.seriesId}`), rel: 'alternate', type: 'text/html' },
        { href: m.capUrl, rel: 'related', type: 'application/cap+xml', title: 'CAP 1.2' },
      ],
    };
  });
  return renderAtomFeed({
    id: url('/public/feed.atom'),
    title: publicWords[lang].title,
    subtitle: publicWords[lang].intro,
    language: lang,
    selfUrl: url(`/public/feed.atom${lang === 'en' ? '?lang=en' : ''}`),
    alternateUrl: url(`/public?lang=${lang}`),
    authorName: feedAuthor,
    updated: new Date(Math.max(0, ...entries.map((e) => e.updated.getTime()))),
    entries,
  });
}

/** The CAP index: one Atom entry per CAP document (Alert, Update, Cancel), each linking the document. */
export function capIndexFeed(alerts: Awaited<ReturnType<typeof recentCapAlerts>>, publicUrl: string): string {
  const url = (path: string) => new URL(path, publicUrl).toString();
  const entries: AtomEntry[] = alerts.map((a) => {
    const c = a.content as CapContent;
    return {
      id: `urn:uuid:${a.id}`,
      title: `${c.exercise ? 'ÖVNING: ' : ''}${a.msgType === 'Cancel' ? 'Återkallat: ' : ''}${c.sv.headline}`,
      updated: a.sent,
      published: a.sent,
      authorName: c.responsibleActorName,
      summary: `${a.msgType} · ${capIdentifier(a.id)} · ${c.areas.map(areaName).join(', ')}`,
      categories: [a.msgType],
      links: [
        { href: capDocumentUrl(publicUrl, a.id), rel: 'alternate', type: 'application/cap+xml' },
        { href: c.web, rel: 'related', type: 'text/html' },
      ],
    };
  });
  return renderAtomFeed({
    id: url('/public/cap.atom'),
    title: 'SSR – CAP 1.2',
    subtitle: 'CAP 1.2-dokument för samordnade budskap / CAP 1.2 documents of joint messages',
    language: 'sv',
    selfUrl: url('/public/cap.atom'),
    alternateUrl: url('/public'),
    authorName: feedAuthor,
    updated: alerts[0]?.sent ?? new Date(0),
    entries,
  });
}
