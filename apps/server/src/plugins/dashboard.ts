import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fp from 'fastify-plugin';

/**
 * Serves the built dashboard on the same port as the API. Page paths outside the
 * API get index.html (see the not-found handler in errors.ts).
 */
export default fp(
  async (app, opts: { dir: string }) => {
    const root = path.resolve(opts.dir);
    if (!existsSync(path.join(root, 'index.html'))) {
      app.log.warn({ root }, 'no built dashboard found; run `pnpm --filter @samverkan/dashboard build`');
      return;
    }
    await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
    // The errors plugin's not-found handler falls back to index.html once this is set.
    app.decorate('dashboardIndex', path.join(root, 'index.html'));
  },
  { name: 'dashboard', dependencies: ['errors'] },
);
