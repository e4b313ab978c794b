import { areaName, type PublicMessage } from '@samverkan/contracts';
import { escapeHtml } from '../../lib/html.ts';
import { formatStockholmTime } from '../notifications/channels/texts.ts';

/** Paragraphs from plain text: a blank line separates them, a single line break stays a break. */
const paragraphs = (text: string) =>
  text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p.trim()).replaceAll('\n', '<br>')}</p>`)
    .join('\n');

export type Lang = 'sv' | 'en';
export const publicWords = {
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
  const w = publicWords[lang];
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
