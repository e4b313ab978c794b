import { areaName, type MessageText, type PublicMessage } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../lib/errors.ts';
import { formatStockholmTime } from '../notifications/channels/texts.ts';
import { type AtomEntry, renderAtomFeed } from './atom.ts';
import { type CapAlert, type CapContent, capIdentifier, renderCapAlert } from './cap.ts';
import { capDocumentUrl } from './repository.ts';

const { jointMessages, capAlerts, actors } = schema;

/**
 * What the public sees: only public messages, only once published, and
 * withdrawn ones marked as such. Internal talking points never reach these
 * queries: every one of them filters on classification = 'public'.
 */
export async function publicMessages(db: DbOrTx, publicUrl: string, limit = 100): Promise<PublicMessage[]> {
  const rows = await db
    .select({ m: jointMessages, actorName: actors.name })
    .from(jointMessages)
    .innerJoin(actors, eq(actors.id, jointMessages.responsibleActorId))
    .where(and(eq(jointMessages.classification, 'public'), inArray(jointMessages.status, ['published', 'withdrawn'])))
    .orderBy(desc(jointMessages.publishedAt))
    .limit(limit);
  if (rows.length === 0) return [];
  const alerts = await db
    .select({ id: capAlerts.id, messageId: capAlerts.messageId })
    .from(capAlerts)
    .where(
      and(
        inArray(
          capAlerts.messageId,
          rows.map((r) => r.m.id),
        ),
        ne(capAlerts.msgType, 'Cancel'),
      ),
    );
  const alertOf = new Map(alerts.map((a) => [a.messageId, a.id]));
  return rows.flatMap(({ m, actorName }) => {
    const alertId = alertOf.get(m.id);
    if (!alertId || !m.publishedAt) return [];
    return [
      {
        id: m.id,
        seriesId: m.seriesId,
        version: m.version,
        exercise: m.exercise,
        status: m.status as 'published' | 'withdrawn',
        sv: { headline: m.headline, body: m.body, ...(m.instruction ? { instruction: m.instruction } : {}) },
        en: (m.english as MessageText | null) ?? null,
        areas: m.areas as string[],
        responsibleActorName: actorName,
        publishedAt: m.publishedAt.toISOString(),
        withdrawnAt: m.withdrawnAt?.toISOString() ?? null,
        capUrl: capDocumentUrl(publicUrl, alertId),
      },
    ];
  });
}

/** One CAP alert with the alert it refers to, ready to render. */
export async function readCapAlert(db: DbOrTx, id: string): Promise<CapAlert | undefined> {
  const [row] = await db.select().from(capAlerts).where(eq(capAlerts.id, id));
  if (!row) return undefined;
  const [ref] = row.referencesId ? await db.select().from(capAlerts).where(eq(capAlerts.id, row.referencesId)) : [];
  return {
    id: row.id,
    msgType: row.msgType,
    sender: row.sender,
    sent: row.sent,
    content: row.content as CapContent,
    references: ref ? { id: ref.id, sender: ref.sender, sent: ref.sent } : null,
  };
}

export async function recentCapAlerts(db: DbOrTx, limit = 100) {
  return db.select().from(capAlerts).orderBy(desc(capAlerts.seq)).limit(limit);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Paragraphs from plain text: a blank line separates them, a single line break stays a break. */
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p.trim()).replaceAll('\n', '<br>')}</p>`)
    .join('\n');

type Lang = 'sv' | 'en';
const words = {
  sv: {
    title: 'Samordnade budskap från aktörerna i Stockholms län',
    intro:
      'Gemensamma meddelanden till allmänheten från de samverkande aktörerna i Samverkan Stockholmsregionen (SSR). Nyaste först.',
    none: 'Inga publicerade meddelanden just nu.',
    instruction: 'Det här kan du göra',
    areas: 'Område',
    responsible: 'Ansvarig aktör',
    published: 'Publicerat',
    version: 'Version',
    withdrawn: 'Återkallat',
    withdrawnNote: 'Meddelandet är återkallat och gäller inte längre.',
    exercise: 'ÖVNING – detta är en övning',
    other: 'In English',
    feeds: 'Flöden',
    atom: 'Atom-flöde',
    capIndex: 'CAP 1.2-flöde',
    cap: 'CAP-dokument',
    noTranslation: 'Finns bara på svenska.',
  },
  en: {
    title: 'Joint messages from the actors of Stockholm county',
    intro:
      'Joint messages to the public from the collaborating actors of Samverkan Stockholmsregionen (SSR). Newest first.',
    none: 'No published messages right now.',
    instruction: 'What you can do',
    areas: 'Area',
    responsible: 'Responsible actor',
    published: 'Published',
    version: 'Version',
    withdrawn: 'Withdrawn',
    withdrawnNote: 'This message has been withdrawn and no longer applies.',
    exercise: 'EXERCISE – this is an exercise',
    other: 'På svenska',
    feeds: 'Feeds',
    atom: 'Atom feed',
    capIndex: 'CAP 1.2 feed',
    cap: 'CAP document',
    noTranslation: 'Available in Swedish only.',
  },
} as const;

/** The public page: server-rendered, no script, no login; readable by screen readers and in print. */
export function renderPublicPage(messages: readonly PublicMessage[], lang: Lang): string {
  const w = words[lang];
  const other: Lang = lang === 'sv' ? 'en' : 'sv';
  const articles = messages.map((m) => {
    const text = lang === 'en' ? (m.en ?? m.sv) : m.sv;
    const textLang = lang === 'en' && m.en ? 'en' : 'sv';
    const withdrawn = m.status === 'withdrawn';
    return `<article id="m-${m.seriesId}" class="message${withdrawn ? ' withdrawn' : ''}" lang="${textLang}" aria-labelledby="h-${m.id}">
  ${m.exercise ? `<p class="exercise" role="note"><strong>${escapeHtml(w.exercise)}</strong></p>` : ''}
  ${withdrawn ? `<p class="withdrawn-note" role="note"><strong>${w.withdrawn}:</strong> ${w.withdrawnNote}</p>` : ''}
  <h2 id="h-${m.id}">${withdrawn ? `<span class="tag">${w.withdrawn}</span> ` : ''}${escapeHtml(text.headline)}</h2>
  ${lang === 'en' && !m.en ? `<p class="note" lang="en">${w.noTranslation}</p>` : ''}
  ${paragraphs(text.body)}
  ${text.instruction ? `<section class="instruction"><h3>${w.instruction}</h3>${paragraphs(text.instruction)}</section>` : ''}
  <dl lang="${lang}">
    <dt>${w.areas}</dt><dd>${escapeHtml(m.areas.map(areaName).join(', '))}</dd>
    <dt>${w.responsible}</dt><dd>${escapeHtml(m.responsibleActorName)}</dd>
    <dt>${w.published}</dt><dd><time datetime="${m.publishedAt}">${formatStockholmTime(new Date(m.publishedAt), lang)}</time>${m.version > 1 ? ` · ${w.version} ${m.version}` : ''}</dd>
  </dl>
  <p><a href="${escapeHtml(m.capUrl)}" type="application/cap+xml">${w.cap}</a></p>
</article>`;
  });
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.title}</title>
<link rel="alternate" type="application/atom+xml" title="${w.atom}" href="/public/feed.atom">
<link rel="alternate" type="application/atom+xml" title="${w.capIndex}" href="/public/cap.atom">
<style>
  body { font-family: system-ui, sans-serif; max-width: 46rem; margin: 0 auto; padding: 1rem; line-height: 1.5; color: #1a1a1a; }
  header { border-bottom: 2px solid #1a1a1a; margin-bottom: 1rem; }
  .message { border: 1px solid #888; border-radius: 4px; padding: 0 1rem; margin: 1rem 0; }
  .withdrawn { border-style: dashed; color: #444; }
  .withdrawn h2 { text-decoration: line-through; }
  .tag { text-decoration: none; display: inline-block; background: #444; color: #fff; padding: 0 .4rem; font-size: .8em; }
  .exercise { background: #ffe08a; padding: .25rem .5rem; }
  .instruction { background: #eef4ff; padding: .25rem .75rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
  dt { font-weight: 600; }
  a { color: #0645ad; }
  a:focus { outline: 3px solid #0645ad; outline-offset: 2px; }
</style>
</head>
<body>
<header>
  <p><a href="/public?lang=${other}" hreflang="${other}" lang="${other}">${w.other}</a></p>
  <h1>${w.title}</h1>
  <p>${w.intro}</p>
</header>
<main>
${articles.length > 0 ? articles.join('\n') : `<p>${w.none}</p>`}
</main>
<footer>
  <h2>${w.feeds}</h2>
  <ul>
    <li><a href="/public/feed.atom" type="application/atom+xml">${w.atom}</a></li>
    <li><a href="/public/cap.atom" type="application/atom+xml">${w.capIndex}</a></li>
  </ul>
</footer>
</body>
</html>
`;
}

const feedAuthor = 'Samverkan Stockholmsregionen (SSR)';

/** The Atom feed of public messages; an entry keeps its id across versions, so readers replace it. */
export function messagesFeed(messages: readonly PublicMessage[], publicUrl: string, lang: Lang): string {
  const url = (path: string) => new URL(path, publicUrl).toString();
  const entries: AtomEntry[] = messages.map((m) => {
    const text = lang === 'en' ? (m.en ?? m.sv) : m.sv;
    const updated = new Date(m.withdrawnAt ?? m.publishedAt);
    const prefix = `${m.exercise ? (lang === 'en' ? 'EXERCISE: ' : 'ÖVNING: ') : ''}${m.status === 'withdrawn' ? `${words[lang].withdrawn}: ` : ''}`;
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
    title: words[lang].title,
    subtitle: words[lang].intro,
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

const LangQuerySchema = z.object({ lang: z.enum(['sv', 'en']).default('sv') });
const CapParamsSchema = z.object({ file: z.string() });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `/public`: no login. The page, the Atom feed, the CAP index feed and each CAP document. */
export const publicRoutes: FastifyPluginAsync<{ publicUrl: string }> = async (app, { publicUrl }) => {
  // Public and cacheable for a short while: in a crisis these are read by many at once.
  const cache = 'public, max-age=30';
  const lang = (query: unknown): Lang => LangQuerySchema.safeParse(query).data?.lang ?? 'sv';

  app.get('/public', async (request, reply) => {
    const messages = await publicMessages(app.db, publicUrl);
    return reply
      .header('cache-control', cache)
      .type('text/html; charset=utf-8')
      .send(renderPublicPage(messages, lang(request.query)));
  });

  app.get('/public/feed.atom', async (request, reply) => {
    const messages = await publicMessages(app.db, publicUrl);
    return reply
      .header('cache-control', cache)
      .type('application/atom+xml; charset=utf-8')
      .send(messagesFeed(messages, publicUrl, lang(request.query)));
  });

  app.get('/public/cap.atom', async (_request, reply) => {
    const alerts = await recentCapAlerts(app.db);
    return reply
      .header('cache-control', cache)
      .type('application/atom+xml; charset=utf-8')
      .send(capIndexFeed(alerts, publicUrl));
  });

  app.get('/public/cap/:file', async (request, reply) => {
    const { file } = CapParamsSchema.parse(request.params);
    const id = file.replace(/\.xml$/, '');
    if (!file.endsWith('.xml') || !UUID.test(id)) throw notFound('No such CAP document');
    const alert = await readCapAlert(app.db, id);
    if (!alert) throw notFound('No such CAP document');
    // A CAP document never changes once issued.
    return reply
      .header('cache-control', 'public, max-age=86400, immutable')
      .type('application/cap+xml; charset=utf-8')
      .send(renderCapAlert(alert));
  });
};
