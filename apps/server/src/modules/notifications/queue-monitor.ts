import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { permissions } from '@samverkan/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../../plugins/auth.ts';
import { channelTypes } from './channels/index.ts';
import { deliveryQueueName } from './runtime.ts';

/**
 * Bull Board over the delivery queues, for admins only. Registered in its own
 * encapsulated context, so its admin check guards every page and API call of
 * the board and nothing else.
 */
export const queueMonitor: FastifyPluginAsync<{ prefix: string }> = async (app, opts) => {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(opts.prefix);
  createBullBoard({
    queues: channelTypes.map((c) => new BullMQAdapter(app.queues.get(deliveryQueueName(c)), { readOnlyMode: false })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Samverkan – kö / queue' } },
  });
  app.addHook('onRequest', requireRole(...permissions.monitorQueues));
  await app.register(serverAdapter.registerPlugin());
};
