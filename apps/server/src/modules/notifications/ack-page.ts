import formbody from '@fastify/formbody';
import { AckBodySchema, type AckChoice, type NotificationKind } from '@samverkan/contracts';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { HttpError } from '../../lib/errors.ts';
import { escapeHtml } from '../../lib/html.ts';
import { type AckLinkView, acknowledgeByLink, readAckLink } from './acknowledge.ts';
import { formatStockholmTime } from './channels/texts.ts';

const headlines: Record<NotificationKind, [sv: string, en: string]> = {
  activation: ['SSR är aktiverat', 'SSR has been activated'],
  deactivation: ['SSR är avaktiverat', 'SSR has been deactivated'],
  request_declined: ['Begäran om aktivering avslogs', 'Request to activate declined'],
  callout: ['Kallelse till samverkanskonferens', 'Call-out to a collaboration conference'],
  message: ['Samordnat budskap', 'Joint message'],
  consultation: ['Samråd om samordnat budskap', 'Consultation on a joint message'],
};

const choices: Record<AckChoice, [sv: string, en: string]> = {
  will_join: ['Jag ansluter till konferensen', 'I will join the conference'],
  reachable_by_phone: ['Jag nås på telefon', 'I am reachable by phone'],
  cannot_take_part: ['Jag kan inte delta nu', 'I cannot take part now'],
};

function page(title: string, body: string, exercise: boolean): string {
  const banner = exercise
    ? '<p class="exercise" role="note"><strong>ÖVNING</strong> – detta är en övning / this is an exercise</p>'
    : '';
  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} – Samverkan</title>
<style>
body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1f23;line-height:1.5}
h1{font-size:1.5rem;margin-bottom:.25rem}.en{color:#555;font-size:.95em}
.exercise{background:#fff3cd;border:2px solid #b58100;padding:.5rem 1rem;font-size:1.1rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}
fieldset{border:1px solid #ccc;padding:.75rem 1rem;margin:1rem 0}label{display:block;margin:.25rem 0}
textarea{width:100%;min-height:4rem;font:inherit}
button{font:inherit;font-size:1.1rem;padding:.6rem 1.4rem;background:#1d6b3a;color:#fff;border:0;border-radius:4px;cursor:pointer}
button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.done{background:#e6f4ea;border:2px solid #1d6b3a;padding:.75rem 1rem}.problem{background:#fdecea;border:2px solid #b3261e;padding:.75rem 1rem}
</style>
</head>
<body>
<main>
${banner}
${body}
</main>
</body>
</html>`;
}

function details(v: AckLinkView): string {
  const [sv, en] = headlines[v.kind];
  return `<h1>${escapeHtml(sv)}</h1>
<p class="en" lang="en">${escapeHtml(en)}</p>
<dl>
<dt>Händelse <span class="en" lang="en">Event</span></dt><dd>${escapeHtml(v.title)}</dd>
<dt>Anledning <span class="en" lang="en">Reason</span></dt><dd>${escapeHtml(v.reason)}</dd>
<dt>Tid <span class="en" lang="en">Time</span></dt><dd>${escapeHtml(formatStockholmTime(v.createdAt))}</dd>
<dt>Beslut av <span class="en" lang="en">Decided by</span></dt><dd>${escapeHtml(`${v.decidedBy.name}, ${v.decidedBy.actorName}`)}</dd>
<dt>Aktör <span class="en" lang="en">Actor</span></dt><dd>${escapeHtml(v.actorName)}</dd>
<dt>Kontakt <span class="en" lang="en">Contact</span></dt><dd>${escapeHtml(v.contactName)}</dd>
</dl>`;
}

function acknowledgedLine(v: AckLinkView): string {
  if (!v.acknowledgedAt) return '';
  const who = v.acknowledgedByName ? ` av ${escapeHtml(v.acknowledgedByName)}` : '';
  const choice = v.choice ? ` – ${escapeHtml(choices[v.choice][0])}` : '';
  return `<p class="done" role="status">Kvitterat för ${escapeHtml(v.actorName)}${who} ${escapeHtml(
    formatStockholmTime(v.acknowledgedAt),
  )}${choice}. <span class="en" lang="en">Acknowledged.</span></p>`;
}

function form(token: string): string {
  const radios = (Object.keys(choices) as AckChoice[])
    .map(
      (c) =>
        `<label><input type="radio" name="choice" value="${c}"> ${escapeHtml(choices[c][0])} <span class="en" lang="en">${escapeHtml(choices[c][1])}</span></label>`,
    )
    .join('\n');
  return `<form method="post" action="/ack/${escapeHtml(token)}">
<fieldset>
<legend>Svar (valfritt) <span class="en" lang="en">Answer (optional)</span></legend>
${radios}
</fieldset>
<label for="comment">Kommentar (valfri) <span class="en" lang="en">Comment (optional)</span></label>
<textarea id="comment" name="comment" maxlength="1000"></textarea>
<p><button type="submit">Kvittera mottagandet <span lang="en">/ Acknowledge</span></button></p>
</form>`;
}

function problem(title: string, sv: string, en: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><p class="problem" role="alert">${escapeHtml(sv)} <span class="en" lang="en">${escapeHtml(en)}</span></p>`,
    false,
  );
}

function sendHtml(reply: FastifyReply, status: number, html: string) {
  return (
    reply
      .status(status)
      .header('cache-control', 'no-store')
      // The token is in the path: never pass it on to another site. (Not `no-referrer`: with it a
      // browser sends `Origin: null` on the page's own form POST, which the origin check refuses.)
      .header('referrer-policy', 'same-origin')
      .header('x-robots-tag', 'noindex')
      .type('text/html; charset=utf-8')
      .send(html)
  );
}

const unknownLink = () =>
  problem('Okänd länk', 'Länken är inte giltig. Kontrollera att hela länken kom med.', 'This link is not valid.');

/**
 * `/ack/:token`: the personal acknowledgement page. GET only shows (mail
 * scanners open links), the button POSTs and records.
 */
export const ackPageRoutes: FastifyPluginAsync = async (app) => {
  await app.register(formbody);

  app.get<{ Params: { token: string } }>('/ack/:token', { schema: { hide: true } }, async (request, reply) => {
    const view = await readAckLink(app.db, request.params.token, new Date());
    if (!view) return sendHtml(reply, 404, unknownLink());
    if (view.state === 'expired') {
      return sendHtml(
        reply,
        410,
        problem('Länken har gått ut', 'Länken har gått ut. Kvittera i Samverkan i stället.', 'This link has expired.'),
      );
    }
    const body =
      view.state === 'used'
        ? `${details(view)}${acknowledgedLine(view)}<p>Länken är redan använd. <span class="en" lang="en">This link has already been used.</span></p>`
        : `${details(view)}${acknowledgedLine(view)}${form(request.params.token)}`;
    return sendHtml(reply, 200, page(headlines[view.kind][0], body, view.exercise));
  });

  app.post<{ Params: { token: string }; Body: unknown }>(
    '/ack/:token',
    { schema: { hide: true } },
    async (request, reply) => {
      const raw = (request.body ?? {}) as Record<string, unknown>;
      const parsed = AckBodySchema.safeParse({
        choice: raw.choice === '' ? undefined : raw.choice,
        comment: typeof raw.comment === 'string' && raw.comment.trim() === '' ? undefined : raw.comment,
      });
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
        return sendHtml(
          reply,
          400,
          problem('Felaktigt svar', `Ogiltigt fält: ${fields}.`, `Invalid field: ${fields}.`),
        );
      }
      const now = new Date();
      try {
        const { events } = await acknowledgeByLink(app.db, request.params.token, parsed.data, now);
        app.live.publish(events);
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        if (err.statusCode === 404) return sendHtml(reply, 404, unknownLink());
        if (err.statusCode === 410) {
          return sendHtml(reply, 410, problem('Länken har gått ut', 'Länken har gått ut.', 'This link has expired.'));
        }
        const view = await readAckLink(app.db, request.params.token, now);
        if (!view) return sendHtml(reply, 404, unknownLink());
        const html = `${details(view)}${acknowledgedLine(view)}<p>Länken är redan använd. <span class="en" lang="en">This link has already been used.</span></p>`;
        return sendHtml(reply, 409, page(headlines[view.kind][0], html, view.exercise));
      }
      const view = await readAckLink(app.db, request.params.token, now);
      if (!view) return sendHtml(reply, 404, unknownLink());
      const html = `${details(view)}${acknowledgedLine(view)}<p class="done" role="status">Tack, ditt mottagande är registrerat. <span class="en" lang="en">Thank you, your acknowledgement has been recorded.</span></p>`;
      return sendHtml(reply, 200, page(headlines[view.kind][0], html, view.exercise));
    },
  );
};
