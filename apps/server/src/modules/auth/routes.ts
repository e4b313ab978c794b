import { ErrorBodySchema, LoginBodySchema, LoginResponseSchema } from '@samverkan/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser, requireUser } from '../../plugins/auth.ts';
import { checkCredentials } from './login.ts';
import { createSession, deleteExpiredSessions, deleteSession, SESSION_COOKIE } from './sessions.ts';

export interface AuthRouteOptions {
  sessionTtlHours: number;
  secureCookies: boolean;
  loginMaxFailures: number;
  loginRatePerIp: number;
}

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 429: ErrorBodySchema };

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, opts) => {
  app.post(
    '/login',
    {
      config: { rateLimit: { max: opts.loginRatePerIp, timeWindow: 60_000 } },
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password (sets the session cookie)',
        body: LoginBodySchema,
        response: { 200: LoginResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await checkCredentials(app.db, request.body, opts.loginMaxFailures);
      // Logins are rare enough to carry the sweeping of expired sessions.
      await deleteExpiredSessions(app.db);
      const session = await createSession(app.db, user.id, opts.sessionTtlHours);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        expires: session.expiresAt,
      });
      return { user };
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log out (ends the session and its live connections)',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      if (request.user) {
        await deleteSession(app.db, request.user.sessionHash);
        app.live.endSession(request.user.sessionHash);
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      preHandler: requireUser,
      schema: {
        tags: ['auth'],
        summary: 'The logged-in user',
        response: { 200: LoginResponseSchema, 401: ErrorBodySchema },
      },
    },
    async (request) => {
      const { sessionHash: _hidden, ...user } = currentUser(request);
      return { user };
    },
  );
};
