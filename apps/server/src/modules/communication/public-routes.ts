import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../lib/errors.ts';
import { renderCapAlert } from './cap.ts';
import { capIndexFeed, messagesFeed } from './feeds.ts';
import { type Lang, renderPublicPage } from './public-page.ts';
import { publicMessages, readCapAlert, recentCapAlerts } from './public-queries.ts';

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
