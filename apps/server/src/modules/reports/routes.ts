import {
  ActorIdSchema,
  ErrorBodySchema,
  IdParamsSchema,
  NeedStatusSchema,
  PublicationSchema,
  PublicationSummarySchema,
  ReportBodySchema,
  ReportSchema,
  RoundBodySchema,
  SectorBodySchema,
  SectorIdSchema,
  SectorSchema,
  SituationSchema,
} from '@samverkan/contracts';
import { schema } from '@samverkan/db';
import { asc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../lib/errors.ts';
import { currentUser, requireRole, requireUser } from '../../plugins/auth.ts';
import { appendEvent } from '../audit/event-log.ts';
import { reportToSitRep, situationToCsv } from './exports.ts';
import * as publications from './publications.ts';
import * as service from './service.ts';

const errors = { 400: ErrorBodySchema, 401: ErrorBodySchema, 403: ErrorBodySchema, 404: ErrorBodySchema };
const { sectors } = schema;

/** `/api/reports`: actors' situation reports (lägesrapporter). */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '',
    {
      preHandler: requireRole('duty_officer', 'coordinator'),
      schema: {
        tags: ['reports'],
        summary: 'Save the actor’s draft (status draft) or publish a version (status submitted)',
        body: ReportBodySchema,
        response: { 200: ReportSchema, 201: ReportSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { report, events } = await service.saveReport(app.db, currentUser(request), request.body, new Date());
      app.live.publish(events);
      return reply.status(report.status === 'submitted' ? 201 : 200).send(report);
    },
  );

  app.get(
    '/draft',
    {
      preHandler: requireRole('duty_officer', 'coordinator'),
      schema: {
        tags: ['reports'],
        summary: 'The actor’s saved draft, or null',
        querystring: z.object({ actorId: ActorIdSchema.optional() }),
        response: { 200: ReportSchema.nullable(), ...errors },
      },
    },
    (request) => {
      const user = currentUser(request);
      return service.readDraft(app.db, user, request.query.actorId ?? user.actorId);
    },
  );

  app.get(
    '/:id/sitrep.xml',
    {
      preHandler: requireUser,
      schema: {
        tags: ['reports'],
        summary: 'One report version as OASIS EDXL-SitRep 1.0 XML (not for Sekretess reports)',
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      const report = await service.readReport(app.db, currentUser(request), request.params.id);
      if (report.classification === 'secret' || report.status !== 'submitted') throw notFound('No exportable report');
      const names = new Map((await app.db.select().from(sectors)).map((s) => [s.id, s.name] as const));
      return reply.type('application/xml; charset=utf-8').send(reportToSitRep(report, names));
    },
  );

  app.get(
    '/:id',
    {
      preHandler: requireUser,
      schema: {
        tags: ['reports'],
        summary: 'One report version (404 if it does not exist or may not be read); Sekretess reads are logged',
        params: IdParamsSchema,
        response: { 200: ReportSchema, ...errors },
      },
    },
    (request) => service.readReport(app.db, currentUser(request), request.params.id),
  );
};

/** `/api/actors/:id/reports`: an actor's published versions. */
export const actorReportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:id/reports',
    {
      preHandler: requireUser,
      schema: {
        tags: ['reports'],
        summary: 'An actor’s published report versions the caller may read, newest first',
        params: z.object({ id: ActorIdSchema }),
        response: { 200: z.array(ReportSchema), ...errors },
      },
    },
    (request) => service.actorHistory(app.db, currentUser(request), request.params.id),
  );
};

/** `/api/situation`: the joint regional picture, now or at a past moment. */
export const situationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      preHandler: requireUser,
      schema: {
        tags: ['reports'],
        summary: 'The regional picture of the current period, or as it was at `at`',
        querystring: z.object({ at: z.string().datetime({ offset: true }).optional() }),
        response: { 200: SituationSchema, ...errors },
      },
    },
    (request) =>
      service.situation(app.db, currentUser(request), request.query.at ? new Date(request.query.at) : new Date()),
  );

  app.put(
    '/summary',
    {
      preHandler: requireRole('coordinator'),
      schema: {
        tags: ['reports'],
        summary: 'The coordinator’s summary of the current period’s picture',
        body: z.object({ text: z.string().trim().min(1).max(10_000) }),
        response: { 200: z.object({ period: z.string() }), ...errors },
      },
    },
    async (request) => {
      const { period, events } = await service.writeSummary(
        app.db,
        currentUser(request),
        request.body.text,
        new Date(),
      );
      app.live.publish(events);
      return { period };
    },
  );

  app.get(
    '/publications',
    {
      preHandler: requireUser,
      schema: {
        tags: ['reports'],
        summary: 'Published regional pictures, newest first',
        response: { 200: z.array(PublicationSummarySchema), 401: ErrorBodySchema },
      },
    },
    () => publications.listPublications(app.db),
  );

  app.post(
    '/publications',
    {
      preHandler: requireRole('coordinator'),
      schema: {
        tags: ['reports'],
        summary: 'Publish the current picture as the next numbered version',
        response: { 201: PublicationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { publication, events } = await publications.publishSituation(app.db, currentUser(request), new Date());
      app.live.publish(events);
      return reply.status(201).send(publication);
    },
  );

  app.get(
    '/publications/:id',
    {
      preHandler: requireUser,
      schema: {
        tags: ['reports'],
        summary: 'One published picture (JSON)',
        params: IdParamsSchema,
        response: { 200: PublicationSchema, ...errors },
      },
    },
    (request) => publications.readPublication(app.db, request.params.id),
  );

  app.get(
    '/publications/:id/csv',
    {
      preHandler: requireUser,
      schema: {
        tags: ['reports'],
        summary: 'One published picture as CSV: a row per actor, a column per sector',
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      const publication = await publications.readPublication(app.db, request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="lagesbild-${publication.period}-${publication.number}.csv"`,
        )
        .send(situationToCsv(publication.situation));
    },
  );

  app.post(
    '/rounds',
    {
      preHandler: requireRole('coordinator'),
      schema: {
        tags: ['reports'],
        summary: 'Open the next reporting round of the activation, with a deadline',
        body: RoundBodySchema,
        response: { 201: z.object({ number: z.number().int() }), ...errors, 409: ErrorBodySchema },
      },
    },
    async (request, reply) => {
      const { number, events } = await publications.openRound(
        app.db,
        currentUser(request),
        new Date(request.body.deadline),
        new Date(),
      );
      app.live.publish(events);
      return reply.status(201).send({ number });
    },
  );

  app.post(
    '/reminders',
    {
      preHandler: requireRole('coordinator'),
      schema: {
        tags: ['reports'],
        summary: 'Remind every actor that has not reported in this period, through the call-out queue',
        response: {
          200: z.object({ actorIds: z.array(z.string()), notificationId: z.string().uuid().nullable() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { actorIds, notificationId, events } = await publications.remindNotReported(
        app.db,
        currentUser(request),
        new Date(),
        app.notifications.ackTimeoutMs,
      );
      app.live.publish(events);
      app.notifications.wake();
      return { actorIds, notificationId };
    },
  );

  app.patch(
    '/needs/:id',
    {
      preHandler: requireRole('duty_officer', 'coordinator'),
      schema: {
        tags: ['reports'],
        summary: 'Move a need on: open, taken up, resolved',
        params: IdParamsSchema,
        body: z.object({ status: NeedStatusSchema }),
        response: { 200: z.object({ status: NeedStatusSchema }), ...errors },
      },
    },
    async (request) => {
      const { events } = await service.setNeedStatus(
        app.db,
        currentUser(request),
        request.params.id,
        request.body.status,
      );
      app.live.publish(events);
      return { status: request.body.status };
    },
  );
};

/** `/api/sectors`: the vital societal sectors, reference data that admins edit. */
export const sectorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '',
    {
      preHandler: requireUser,
      schema: {
        tags: ['reports'],
        summary: 'The sectors, in order',
        response: { 200: z.array(SectorSchema), 401: ErrorBodySchema },
      },
    },
    () => app.db.select().from(sectors).orderBy(asc(sectors.position)),
  );

  app.put(
    '/:id',
    {
      preHandler: requireRole('admin'),
      schema: {
        tags: ['reports'],
        summary: 'Add or rename a sector',
        params: z.object({ id: SectorIdSchema }),
        body: SectorBodySchema.omit({ id: true }),
        response: { 200: SectorSchema, ...errors },
      },
    },
    async (request) => {
      const events = await app.db.transaction(async (tx) => {
        const [max] = await tx.select({ n: sql<number | null>`max(${sectors.position})` }).from(sectors);
        const values = {
          id: request.params.id,
          name: request.body.name,
          nameEn: request.body.nameEn,
          position: request.body.position ?? (max?.n ?? 0) + 1,
        };
        await tx
          .insert(sectors)
          .values(values)
          .onConflictDoUpdate({
            target: sectors.id,
            set: {
              name: values.name,
              nameEn: values.nameEn,
              ...(request.body.position === undefined ? {} : { position: values.position }),
            },
          });
        return [await appendEvent(tx, { type: 'situation:changed', data: { period: '*' }, rooms: ['all'] })];
      });
      app.live.publish(events);
      const [row] = await app.db.select().from(sectors).where(eq(sectors.id, request.params.id));
      if (!row) throw notFound('No such sector');
      return row;
    },
  );
};
