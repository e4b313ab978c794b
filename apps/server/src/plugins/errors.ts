import type { FastifyError } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { HttpError } from '../lib/errors.ts';

/**
 * The one error format of the API: `{error, message, details?}`. A 400 names
 * the invalid fields; a 5xx never shows its cause to the caller (it is logged).
 */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof HttpError) {
        return reply.status(err.statusCode).send(err.toBody());
      }
      if (hasZodFastifySchemaValidationErrors(err)) {
        const details = err.validation.map((v) => ({
          path: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || err.validationContext || 'body',
          message: v.message ?? 'invalid',
        }));
        const fields = details.map((d) => d.path).join(', ');
        return reply
          .status(400)
          .send({ error: 'validation', message: `Invalid ${err.validationContext ?? 'input'}: ${fields}`, details });
      }
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        // Fastify's own client errors: malformed JSON, wrong content type, body too large, rate limit.
        const code = status === 429 ? 'too_many_requests' : status === 415 ? 'unsupported_media_type' : 'bad_request';
        return reply.status(status).send({ error: code, message: err.message });
      }
      request.log.error({ err }, 'request failed');
      return reply.status(500).send({ error: 'internal', message: 'Internal server error' });
    });
    app.setNotFoundHandler((request, reply) => {
      const url = request.url.split('?')[0] ?? '/';
      // The dashboard's client-side routes (e.g. /callouts) must survive a reload:
      // a GET for a page (no file extension, outside the API) gets index.html.
      if (app.hasDecorator('dashboardIndex') && request.method === 'GET' && isDashboardPage(url)) {
        return reply.sendFile('index.html');
      }
      return reply.status(404).send({ error: 'not_found', message: `No route ${request.method} ${url}` });
    });
  },
  { name: 'errors' },
);

function isDashboardPage(url: string): boolean {
  const isServerPath = /^\/(api|health|socket\.io|ack|public)(\/|$)/.test(url);
  const hasExtension = /\.[a-z0-9]+$/i.test(url);
  return !isServerPath && !hasExtension;
}
