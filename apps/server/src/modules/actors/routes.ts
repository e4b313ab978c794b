import { ActorSchema, ErrorBodySchema } from '@samverkan/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireUser } from '../../plugins/auth.ts';
import { listActors } from './service.ts';

export const actorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      preHandler: requireUser,
      schema: {
        tags: ['actors'],
        summary: 'The SSR actors',
        response: { 200: z.array(ActorSchema), 401: ErrorBodySchema },
      },
    },
    () => listActors(app.db),
  );
};
