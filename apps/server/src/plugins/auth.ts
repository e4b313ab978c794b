import cookie from '@fastify/cookie';
import type { Role } from '@samverkan/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { forbidden, HttpError, unauthorized } from '../lib/errors.ts';
import { findSessionUser, SESSION_COOKIE, type SessionUser } from '../modules/auth/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user, or null. */
    user: SessionUser | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request from a browser carries an Origin (or at least a
 * Referer); it must be the platform's own. Requests without either come from
 * non-browser clients, which cannot ride on a victim's cookie.
 */
export function isForeignOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin !== publicOrigin;
  const referer = request.headers.referer;
  if (referer === undefined) return false;
  try {
    return new URL(referer).origin !== publicOrigin;
  } catch {
    return true;
  }
}

export default fp(
  async (app, opts: { publicUrl: string }) => {
    const publicOrigin = new URL(opts.publicUrl).origin;
    await app.register(cookie);
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request) => {
      if (!SAFE_METHODS.has(request.method) && isForeignOrigin(request, publicOrigin)) {
        throw new HttpError(403, 'forbidden_origin', `Requests must come from ${publicOrigin}`);
      }
      const token = request.cookies[SESSION_COOKIE];
      if (token) request.user = (await findSessionUser(app.db, token)) ?? null;
    });
  },
  { name: 'auth', dependencies: ['database'] },
);

/** preHandler: a logged-in user is required. */
export async function requireUser(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.user) throw unauthorized();
}

/** preHandler: a logged-in user with one of these roles is required. */
export function requireRole(...roles: readonly Role[]) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!request.user) throw unauthorized();
    if (!roles.includes(request.user.role)) throw forbidden();
  };
}

/** The user of a request that passed requireUser / requireRole. */
export function currentUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthorized();
  return request.user;
}
