import {
  AckBodySchema,
  CalloutBodySchema,
  CalloutSchema,
  ErrorBodySchema,
  FailedDeliverySchema,
  IdParamsSchema,
  InAppNotificationSchema,
  permissions,
} from '@samverkan/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../lib/errors.ts';
import { currentUser, requireRole, requireUser } from '../../plugins/auth.ts';
import { acknowledgeInApp } from './acknowledge.ts';
import { calloutById, currentCallout, failedDeliveries, inAppNotifications } from './queries.ts';
import { createCallout, retryDelivery } from './service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

/** `/api/callouts`: follow call-outs, send a kallelse, acknowledge in the dashboard, the dead-letter view. */
export const calloutRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/current',
    {
      preHandler: requireRole(...permissions.viewCallouts),
      schema: {
        tags: ['callouts'],
        summary:
          'The latest call-out (activation or kallelse): per actor its status, acknowledgement and escalation step',
        response: { 200: CalloutSchema, ...errors },
      },
    },
    async (request) => {
      const callout = await currentCallout(app.db, currentUser(request));
      if (!callout) throw notFound('No call-out has been made yet');
      return callout;
    },
  );

  app.get(
    '/failed',
    {
      preHandler: requireRole(...permissions.manageCallouts),
      schema: {
        tags: ['callouts'],
        summary: 'Deliveries that failed for good (dead letters), newest first',
        response: { 200: z.array(FailedDeliverySchema), ...errors },
      },
    },
    () => failedDeliveries(app.db),
  );

  app.get(
    '/:id',
    {
      preHandler: requireRole(...permissions.viewCallouts),
      schema: {
        tags: ['callouts'],
        summary: 'One call-out or notification, per actor',
        params: IdParamsSchema,
        response: { 200: CalloutSchema, ...errors },
      },
    },
    async (request) => {
      const callout = await calloutById(app.db, request.params.id, currentUser(request));
      if (!callout) throw notFound('No such call-out');
      return callout;
    },
  );

  app.post(
    '',
    {
      preHandler: requireRole(...permissions.manageCallouts),
      schema: {
        tags: ['callouts'],
        summary: 'Send a kallelse (e.g. to a collaboration conference) to chosen actors, or to all',
        body: CalloutBodySchema,
        response: { 201: CalloutSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const { notificationId, events } = await createCallout(app.db, user, request.body, {
        now: new Date(),
        ackTimeoutMs: app.notifications.ackTimeoutMs,
      });
      app.live.publish(events);
      app.notifications.wake();
      const callout = await calloutById(app.db, notificationId, user);
      if (!callout) throw new Error('the new call-out vanished');
      return reply.status(201).send(callout);
    },
  );

  app.post(
    '/:id/ack',
    {
      preHandler: requireRole(...permissions.acknowledgeCallouts),
      schema: {
        tags: ['callouts'],
        summary: "Acknowledge a call-out for one's own actor, with an optional choice and comment",
        params: IdParamsSchema,
        body: AckBodySchema.optional(),
        response: { 200: z.object({ acknowledged: z.literal(true), alreadyAcknowledged: z.boolean() }), ...errors },
      },
    },
    async (request) => {
      const { events, alreadyAcknowledged } = await acknowledgeInApp(
        app.db,
        currentUser(request),
        request.params.id,
        request.body ?? {},
        new Date(),
      );
      app.live.publish(events);
      return { acknowledged: true as const, alreadyAcknowledged };
    },
  );

  app.post(
    '/deliveries/:id/retry',
    {
      preHandler: requireRole(...permissions.manageCallouts),
      schema: {
        tags: ['callouts'],
        summary: 'Put a failed delivery back on the queue',
        params: IdParamsSchema,
        response: { 202: z.object({ queued: z.literal(true) }), ...errors, 409: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      await retryDelivery(app.db, request.params.id);
      app.notifications.wake();
      return reply.status(202).send({ queued: true as const });
    },
  );
};

/** `/api/notifications`: the in-app channel's list for the logged-in user. */
export const notificationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      preHandler: requireUser,
      schema: {
        tags: ['callouts'],
        summary: "Notifications to the user's actor (and to the user), newest first",
        response: { 200: z.array(InAppNotificationSchema), 401: ErrorBodySchema },
      },
    },
    (request) => inAppNotifications(app.db, currentUser(request)),
  );
};
