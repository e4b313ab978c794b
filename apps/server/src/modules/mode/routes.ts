import {
  ActivateBodySchema,
  ActivationRequestBodySchema,
  ActivationRequestSchema,
  ActivationSchema,
  DeactivateBodySchema,
  DeclineBodySchema,
  ErrorBodySchema,
  IdParamsSchema,
  ModeConflictBodySchema,
  ModeStateSchema,
  permissions,
} from '@samverkan/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser, requireRole, requireUser } from '../../plugins/auth.ts';
import * as repo from './repository.ts';
import * as mode from './service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
const conflictErrors = { ...errors, 409: ModeConflictBodySchema.or(ErrorBodySchema) };

export const modeRoutes: FastifyPluginAsyncZod = async (app) => {
  app.live.setSnapshot(async (user) => ({
    mode: await repo.readModeState(app.db),
    pendingRequests: await mode.visibleRequests(app.db, user),
  }));

  const changeOptions = { ackTimeoutMs: app.notifications.ackTimeoutMs };

  /** Runs a change, then pushes its events: only ever after the commit. */
  async function commit<T>(change: Promise<mode.Changed<T>>): Promise<T> {
    const { result, events } = await change;
    app.live.publish(events);
    // A change that notifies wrote to the outbox: the relay need not wait for its next round.
    app.notifications.wake();
    return result;
  }

  app.get(
    '',
    {
      preHandler: requireUser,
      schema: {
        tags: ['mode'],
        summary: 'The current mode of SSR',
        response: { 200: ModeStateSchema, 401: ErrorBodySchema },
      },
    },
    () => repo.readModeState(app.db),
  );

  app.get(
    '/history',
    {
      preHandler: requireUser,
      schema: {
        tags: ['mode'],
        summary: 'Every activation, newest first',
        response: { 200: z.array(ActivationSchema), 401: ErrorBodySchema },
      },
    },
    () => repo.listActivations(app.db, new Date()),
  );

  app.get(
    '/requests',
    {
      preHandler: requireUser,
      schema: {
        tags: ['mode'],
        summary: 'Pending activation requests (all for coordinators, your own actor’s for others)',
        response: { 200: z.array(ActivationRequestSchema), 401: ErrorBodySchema },
      },
    },
    (request) => mode.visibleRequests(app.db, currentUser(request)),
  );

  app.post(
    '/requests',
    {
      preHandler: requireRole(...permissions.requestActivation),
      schema: {
        tags: ['mode'],
        summary: 'Ask for activation (the green button)',
        body: ActivationRequestBodySchema,
        response: { 201: ActivationRequestSchema, ...conflictErrors },
      },
    },
    async (request, reply) => {
      const created = await commit(mode.requestActivation(app.db, currentUser(request), request.body));
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/requests/:id/decline',
    {
      preHandler: requireRole(...permissions.decideActivation),
      schema: {
        tags: ['mode'],
        summary: 'Decline an activation request, with a reason',
        params: IdParamsSchema,
        body: DeclineBodySchema,
        response: { 200: ActivationRequestSchema, ...conflictErrors },
      },
    },
    (request) =>
      commit(mode.declineRequest(app.db, currentUser(request), request.params.id, request.body, changeOptions)),
  );

  app.post(
    '/activate',
    {
      preHandler: requireRole(...permissions.decideActivation),
      schema: {
        tags: ['mode'],
        summary: 'Activate SSR (409 with the current state if the version moved or SSR is already activated)',
        body: ActivateBodySchema,
        response: { 200: ModeStateSchema, ...conflictErrors },
      },
    },
    (request) => commit(mode.activate(app.db, currentUser(request), request.body, changeOptions)),
  );

  app.post(
    '/deactivate',
    {
      preHandler: requireRole(...permissions.decideActivation),
      schema: {
        tags: ['mode'],
        summary: 'Return SSR to ordinary mode, with a reason',
        body: DeactivateBodySchema,
        response: { 200: ModeStateSchema, ...conflictErrors },
      },
    },
    (request) => commit(mode.deactivate(app.db, currentUser(request), request.body, changeOptions)),
  );
};
