import { create } from 'xmlbuilder2';

export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

export interface AtomLink {
  href: string;
  rel?: 'alternate' | 'self' | 'related' | 'enclosure' | 'via';
  type?: string;
  hreflang?: string;
  title?: string;
}

export interface AtomEntry {
  /** A permanent IRI; the same message keeps its id across updates, so readers replace it. */
  id: string;
  title: string;
  updated: Date;
  published?: Date;
  authorName: string;
  summary: string;
  links: AtomLink[];
  categories?: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  /** xml:lang of the feed's text. */
  language: string;
  selfUrl: string;
  alternateUrl: string;
  authorName: string;
  /** The newest entry's time, or when the feed started when it has none. */
  updated: Date;
  entries: AtomEntry[];
}

function link(parent: ReturnType<ReturnType<typeof create>['ele']>, l: AtomLink): void {
  parent.ele('link', {
    href: l.href,
    ...(l.rel ? { rel: l.rel } : {}),
    ...(l.type ? { type: l.type } : {}),
    ...(l.hreflang ? { hreflang: l.hreflang } : {}),
    ...(l.title ? { title: l.title } : {}),
  });
}

/** An Atom 1.0 feed (RFC 4287) with every element the RFC requires of a feed and its entries. */
export function renderAtomFeed(feed: AtomFeed): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(ATOM_NAMESPACE, 'feed', { 'xml:lang': feed.language });
  root.ele('id').txt(feed.id);
  root.ele('title').txt(feed.title);
  if (feed.subtitle) root.ele('subtitle').txt(feed.subtitle);
  root.ele('updated').txt(feed.updated.toISOString());
  root.ele('author').ele('name').txt(feed.authorName);
  link(root, { href: feed.selfUrl, rel: 'self', type: 'application/atom+xml' });
  link(root, { href: feed.alternateUrl, rel: 'alternate', type: 'text/html' });
  for (const e of feed.entries) {
    const entry = root.ele('entry');
    entry.ele('id').txt(e.id);
    entry.ele('title').txt(e.title);
    entry.ele('updated').txt(e.updated.toISOString());
    if (e.published) entry.ele('published').txt(e.published.toISOString());
    entry.ele('author').ele('name').txt(e.authorName);
    for (const term of e.categories ?? []) entry.ele('category', { term });
    for (const l of e.links) link(entry, l);
    entry.ele('summary', { type: 'text' }).txt(e.summary);
  }
  return doc.end({ prettyPrint: true });
}
