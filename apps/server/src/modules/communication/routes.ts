import {
  AgreeBodySchema,
  CommentBodySchema,
  ConsultBodySchema,
  CreateMessageBodySchema,
  EditMessageBodySchema,
  ErrorBodySchema,
  MessageConflictBodySchema,
  MessageParamsSchema,
  MessageSchema,
  MessageStatusSchema,
  MessageSummarySchema,
  NewVersionBodySchema,
  ObjectBodySchema,
  PublishBodySchema,
  permissions,
  WithdrawBodySchema,
} from '@samverkan/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { currentUser, requireRole, requireUser } from '../../plugins/auth.ts';
import * as service from './service.ts';

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: MessageConflictBodySchema,
};

/** The CAP sender: set, or the host name of the public URL (globally unique through DNS). */
export function capSender(config: Pick<Config, 'CAP_SENDER' | 'PUBLIC_URL'>): string {
  return config.CAP_SENDER ?? new URL(config.PUBLIC_URL).hostname;
}

/** `/api/messages`: the communication desk (samordnad kommunikation). */
export const messageRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const view = { required: config.MESSAGE_REQUIRED_AGREEMENTS, publicUrl: config.PUBLIC_URL };
  const context = (): service.MessageContext => ({
    ...view,
    now: new Date(),
    capSender: capSender(config),
    ackTimeoutMs: config.ACK_TIMEOUT_SECONDS * 1000,
  });
  const done = (outcome: service.Outcome) => {
    app.live.publish(outcome.events);
    app.notifications.wake();
    return outcome.message;
  };

  app.get(
    '',
    {
      preHandler: requireUser,
      schema: {
        tags: ['messages'],
        summary: 'Joint messages, newest first: every status for the desk, published ones for everyone else',
        querystring: z.object({ status: MessageStatusSchema.optional() }),
        response: { 200: z.array(MessageSummarySchema), ...errors },
      },
    },
    (request) => service.listMessages(app.db, currentUser(request), request.query, view.required),
  );

  app.post(
    '',
    {
      preHandler: requireRole(...permissions.draftMessages),
      schema: {
        tags: ['messages'],
        summary: 'Start a draft (communicators, coordinators)',
        body: CreateMessageBodySchema,
        response: { 201: MessageSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(done(await service.createMessage(app.db, currentUser(request), request.body, context()))),
  );

  app.get(
    '/:id',
    {
      preHandler: requireUser,
      schema: {
        tags: ['messages'],
        summary: 'One message with its consultation, answers and history',
        params: MessageParamsSchema,
        response: { 200: MessageSchema, ...errors },
      },
    },
    (request) => service.readMessage(app.db, currentUser(request), request.params.id, view),
  );

  app.patch(
    '/:id',
    {
      preHandler: requireUser,
      schema: {
        tags: ['messages'],
        summary: 'Save an edit made on top of `revision` (409 edit_conflict if someone saved in between)',
        params: MessageParamsSchema,
        body: EditMessageBodySchema,
        response: { 200: MessageSchema, ...errors },
      },
    },
    async (request) =>
      done(await service.editMessage(app.db, currentUser(request), request.params.id, request.body, context())),
  );

  app.post(
    '/:id/consult',
    {
      preHandler: requireUser,
      schema: {
        tags: ['messages'],
        summary: 'Ask actors (all when none are named) to agree',
        params: MessageParamsSchema,
        body: ConsultBodySchema.optional(),
        response: { 200: MessageSchema, ...errors },
      },
    },
    async (request) =>
      done(await service.consult(app.db, currentUser(request), request.params.id, request.body ?? {}, context())),
  );

  const answers = [
    ['agree', AgreeBodySchema, 'Agree to the current text'],
    ['object', ObjectBodySchema, 'Object, saying why (and optionally proposing a wording)'],
    ['comment', CommentBodySchema, 'Comment or propose a change without taking a stand'],
  ] as const;
  for (const [kind, body, summary] of answers) {
    app.post(
      `/:id/${kind}`,
      {
        preHandler: requireUser,
        schema: {
          tags: ['messages'],
          summary,
          params: MessageParamsSchema,
          body: kind === 'agree' ? body.optional() : body,
          response: { 200: MessageSchema, ...errors },
        },
      },
      async (request) =>
        done(
          await service.answer(app.db, currentUser(request), request.params.id, kind, request.body ?? {}, context()),
        ),
    );
  }

  app.post(
    '/:id/publish',
    {
      preHandler: requireUser,
      schema: {
        tags: ['messages'],
        summary: 'Publish an agreed message (409 agreements_missing lists what is lacking)',
        params: MessageParamsSchema,
        body: PublishBodySchema.optional(),
        response: { 200: MessageSchema, ...errors },
      },
    },
    async (request) =>
      done(await service.publish(app.db, currentUser(request), request.params.id, request.body ?? {}, context())),
  );

  app.post(
    '/:id/update',
    {
      preHandler: requireUser,
      schema: {
        tags: ['messages'],
        summary: 'Start a new version of a published message (a draft; what the body leaves out is kept)',
        params: MessageParamsSchema,
        body: NewVersionBodySchema.optional(),
        response: { 201: MessageSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          done(
            await service.newVersion(app.db, currentUser(request), request.params.id, request.body ?? {}, context()),
          ),
        ),
  );

  app.post(
    '/:id/withdraw',
    {
      preHandler: requireUser,
      schema: {
        tags: ['messages'],
        summary: 'Withdraw a published message (a CAP Cancel for a public one)',
        params: MessageParamsSchema,
        body: WithdrawBodySchema.optional(),
        response: { 200: MessageSchema, ...errors },
      },
    },
    async (request) =>
      done(await service.withdraw(app.db, currentUser(request), request.params.id, request.body ?? {}, context())),
  );
};
