import {
  ActorParamsSchema,
  ContactBodySchema,
  ContactOrderBodySchema,
  ContactParamsSchema,
  ContactSchema,
  ErrorBodySchema,
} from '@samverkan/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser, requireUser } from '../../plugins/auth.ts';
import { unparsableWebhookIssues } from './rules.ts';
import * as contacts from './service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };

export interface ContactRoutesOptions {
  /** Refuse webhooks to loopback and private hosts (true in production). */
  rejectPrivateWebhooks: boolean;
}

/**
 * preValidation: a webhook address that is not a URL at all is a 400 naming
 * the field. The contract's https check parses the URL and would throw on it.
 */
async function webhookAddressesParse(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const issues = unparsableWebhookIssues(request.body);
  if (issues.length > 0) throw contacts.invalidFields(issues);
}

/** Each actor's ordered call-out list, under `/actors/:id/contacts`. */
export const contactRoutes: FastifyPluginAsyncZod<ContactRoutesOptions> = async (app, opts) => {
  const policy: contacts.ContactPolicy = { rejectPrivateWebhooks: opts.rejectPrivateWebhooks };

  /** Runs a change, then pushes its events: only ever after the commit. */
  async function commit<T>(change: Promise<contacts.Changed<T>>): Promise<T> {
    const { result, events } = await change;
    app.live.publish(events);
    return result;
  }

  app.get(
    '/:id/contacts',
    {
      preHandler: requireUser,
      schema: {
        tags: ['contacts'],
        summary: 'An actor’s contacts in call-out order (admins, coordinators, the actor’s duty officers)',
        params: ActorParamsSchema,
        response: { 200: z.array(ContactSchema), ...errors },
      },
    },
    (request) => contacts.listContacts(app.db, currentUser(request), request.params.id),
  );

  app.post(
    '/:id/contacts',
    {
      preHandler: requireUser,
      preValidation: webhookAddressesParse,
      schema: {
        tags: ['contacts'],
        summary: 'Add a contact, last in the call-out order (admins, the actor’s duty officers)',
        params: ActorParamsSchema,
        body: ContactBodySchema,
        response: { 201: ContactSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await commit(
        contacts.addContact(app.db, currentUser(request), request.params.id, request.body, policy),
      );
      return reply.status(201).send(created);
    },
  );

  app.put(
    '/:id/contacts/order',
    {
      preHandler: requireUser,
      schema: {
        tags: ['contacts'],
        summary: 'Set the call-out order; contactIds must be exactly the actor’s contacts',
        params: ActorParamsSchema,
        body: ContactOrderBodySchema,
        response: { 200: z.array(ContactSchema), ...errors },
      },
    },
    (request) =>
      commit(contacts.reorderContacts(app.db, currentUser(request), request.params.id, request.body.contactIds)),
  );

  app.put(
    '/:id/contacts/:contactId',
    {
      preHandler: requireUser,
      preValidation: webhookAddressesParse,
      schema: {
        tags: ['contacts'],
        summary: 'Replace a contact’s name, role, language and channels; its place in the order stays',
        params: ContactParamsSchema,
        body: ContactBodySchema,
        response: { 200: ContactSchema, ...errors },
      },
    },
    (request) =>
      commit(
        contacts.replaceContact(
          app.db,
          currentUser(request),
          request.params.id,
          request.params.contactId,
          request.body,
          policy,
        ),
      ),
  );

  app.delete(
    '/:id/contacts/:contactId',
    {
      preHandler: requireUser,
      schema: {
        tags: ['contacts'],
        summary: 'Remove a contact; the ones after it move up',
        params: ContactParamsSchema,
        response: { 204: z.null().describe('Removed'), ...errors },
      },
    },
    async (request, reply) => {
      await commit(contacts.removeContact(app.db, currentUser(request), request.params.id, request.params.contactId));
      return reply.status(204).send(null);
    },
  );
};
