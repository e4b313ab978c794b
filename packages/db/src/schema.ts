import { ackChoices, messageClassifications, messageStatuses, notificationKinds } from '@samverkan/contracts';
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const actors = pgTable('actors', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  category: text('category', { enum: ['kommun', 'blaljus', 'trafik', 'stat_region'] }).notNull(),
  municipalityCode: text('municipality_code').unique(),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Always stored in lower case, so the unique key is case-insensitive. */
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: ['admin', 'coordinator', 'duty_officer', 'communicator', 'viewer'] }).notNull(),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    passwordHash: text('password_hash').notNull(),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [check('users_email_lower', sql`${t.email} = lower(${t.email})`)],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

/** Failed logins, counted per account across every server process. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    email: text('email').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_failures_email_at_idx').on(t.email, t.at)],
);

export const activationRequests = pgTable(
  'activation_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined'] })
      .notNull()
      .default('pending'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedByActor: text('requested_by_actor')
      .notNull()
      .references(() => actors.id),
    requestedAt: createdAt(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    declineReason: text('decline_reason'),
    activationId: uuid('activation_id'),
  },
  (t) => [index('activation_requests_status_idx').on(t.status, t.requestedAt)],
);

/** One row per activation, kept for ever: the record the decision documents list. */
export const activations = pgTable(
  'activations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    reason: text('reason').notNull(),
    requestId: uuid('request_id').references(() => activationRequests.id),
    activatedBy: uuid('activated_by')
      .notNull()
      .references(() => users.id),
    activatedAt: timestamp('activated_at', { withTimezone: true }).notNull(),
    deactivatedBy: uuid('deactivated_by').references(() => users.id),
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    deactivationReason: text('deactivation_reason'),
    /** An exercise (övning): marked ÖVNING in every notification and on every screen. */
    exercise: boolean('exercise').notNull().default(false),
  },
  (t) => [
    index('activations_activated_at_idx').on(t.activatedAt),
    // At most one activation is open at any time.
    uniqueIndex('activations_one_open_key').on(sql`(true)`).where(sql`${t.deactivatedAt} is null`),
  ],
);

/** The current mode: exactly one row (id = 1); `version` guards every change. */
export const modeState = pgTable(
  'mode_state',
  {
    id: integer('id').primaryKey().default(1),
    mode: text('mode', { enum: ['ordinary', 'activated'] }).notNull(),
    version: integer('version').notNull(),
    since: timestamp('since', { withTimezone: true }).notNull(),
    title: text('title'),
    reason: text('reason'),
    decidedBy: uuid('decided_by').references(() => users.id),
    activationId: uuid('activation_id').references(() => activations.id),
    exercise: boolean('exercise').notNull().default(false),
  },
  (t) => [check('mode_state_single_row', sql`${t.id} = 1`)],
);

/**
 * The append-only memory of the platform. `seq` is global and, because every
 * writer takes the same transaction-scoped advisory lock before inserting,
 * seq order is commit order: a reader that has seen seq N has seen every
 * committed row below N. `rooms` says which live audiences may see the event.
 */
export const eventLog = pgTable(
  'event_log',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    userId: uuid('user_id').references(() => users.id),
    rooms: text('rooms').array().notNull(),
    data: jsonb('data').notNull(),
  },
  (t) => [index('event_log_type_idx').on(t.type, t.seq)],
);

/** An actor's call-out list: `position` 1 is called first, then 2, … */
export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    role: text('role'),
    language: text('language', { enum: ['sv', 'en'] })
      .notNull()
      .default('sv'),
    /** `[{type: 'email'|'sms'|'webhook', address}]`, validated by the contracts' ContactChannelSchema. */
    channels: jsonb('channels').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('contacts_actor_position_key').on(t.actorId, t.position)],
);

/**
 * One message to many actors: an activation, a deactivation or a call-out
 * (kallelse). Written in the same transaction as the change it announces.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    exercise: boolean('exercise').notNull().default(false),
    title: text('title').notNull(),
    reason: text('reason').notNull(),
    message: text('message'),
    decidedBy: uuid('decided_by')
      .notNull()
      .references(() => users.id),
    activationId: uuid('activation_id').references(() => activations.id),
    /** A declined request goes to the one user who asked, not to the actors' lists. */
    recipientUserId: uuid('recipient_user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_created_idx').on(t.createdAt)],
);

/** Per notification and actor: how far the call-out has come, and who acknowledged. */
export const calloutTargets = pgTable(
  'callout_targets',
  {
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    /** Position in the actor's contact list now being called (1 = first). */
    step: integer('step').notNull().default(1),
    status: text('status', { enum: ['pending', 'acknowledged', 'unreached'] })
      .notNull()
      .default('pending'),
    escalateAt: timestamp('escalate_at', { withTimezone: true }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    acknowledgedByName: text('acknowledged_by_name'),
    acknowledgedByContact: uuid('acknowledged_by_contact'),
    acknowledgedByUser: uuid('acknowledged_by_user').references(() => users.id),
    acknowledgedVia: text('acknowledged_via', { enum: ['link', 'dashboard'] }),
    ackChoice: text('ack_choice', { enum: ackChoices }),
    ackComment: text('ack_comment'),
  },
  (t) => [
    primaryKey({ columns: [t.notificationId, t.actorId] }),
    index('callout_targets_escalate_idx').on(t.status, t.escalateAt),
  ],
);

/**
 * One row per (notification, contact, channel): the source of truth for what
 * was sent. `key` is also the job id, so a job that runs twice finds its row.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull().unique(),
    notificationId: uuid('notification_id')
      .notNull()
      .references(() => notifications.id),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    contactId: uuid('contact_id').notNull(),
    contactName: text('contact_name').notNull(),
    step: integer('step').notNull(),
    channel: text('channel', { enum: ['email', 'sms', 'webhook'] }).notNull(),
    address: text('address').notNull(),
    language: text('language', { enum: ['sv', 'en'] }).notNull(),
    status: text('status', { enum: ['queued', 'sent', 'delivered', 'failed'] })
      .notNull()
      .default('queued'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    providerMessageId: text('provider_message_id'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('deliveries_notification_idx').on(t.notificationId, t.actorId)],
);

/** Personal, single-use acknowledgement links; only the token's hash is stored. */
export const ackLinks = pgTable('ack_links', {
  tokenHash: text('token_hash').primaryKey(),
  notificationId: uuid('notification_id')
    .notNull()
    .references(() => notifications.id),
  actorId: text('actor_id')
    .notNull()
    .references(() => actors.id),
  contactId: uuid('contact_id').notNull(),
  contactName: text('contact_name').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

/**
 * The transactional outbox: intents written with the change, moved to the
 * job queue by the relay after commit. A row stays until the queue took it.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    relayedAt: timestamp('relayed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_pending_idx').on(t.id).where(sql`${t.relayedAt} is null`)],
);

/** The vital societal sectors impacts are reported for: reference data, editable by admins. */
export const sectors = pgTable('sectors', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  position: integer('position').notNull(),
});

/**
 * Situation reports. A submitted row is a published version and never
 * changes (a trigger refuses it); a correction is a new row. Each actor has at
 * most one draft, saved as it is typed.
 */
export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    status: text('status', { enum: ['draft', 'submitted'] }).notNull(),
    period: text('period').notNull(),
    /** 1, 2, … per actor and period; null for a draft. */
    number: integer('number'),
    version: text('version', { enum: ['initial', 'update', 'final'] }).notNull(),
    classification: text('classification', { enum: ['open', 'internal', 'secret'] }).notNull(),
    sharedWith: text('shared_with').array().notNull().default(sql`'{}'::text[]`),
    /** The report's fields (ReportBody without status, needs and class). */
    body: jsonb('body').notNull(),
    reportedBy: uuid('reported_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    index('reports_period_actor_idx').on(t.period, t.actorId, t.submittedAt),
    uniqueIndex('reports_one_draft_key').on(t.actorId).where(sql`${t.status} = 'draft'`),
    uniqueIndex('reports_number_key').on(t.actorId, t.period, t.number),
  ],
);

/** Needs raised in reports; their status moves on (open → taken up → resolved) while the report stays. */
export const reportNeeds = pgTable(
  'report_needs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    to: text('to').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: ['open', 'taken_up', 'resolved'] })
      .notNull()
      .default('open'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_needs_report_idx').on(t.reportId)],
);

/** Every read of a Sekretess report: who, which, when. */
export const reportAccessLog = pgTable(
  'report_access_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    via: text('via').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_access_log_report_idx').on(t.reportId, t.at)],
);

/** The coordinator's summary of a period's picture; every version kept, the latest counts. */
export const situationSummaries = pgTable(
  'situation_summaries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    period: text('period').notNull(),
    text: text('text').notNull(),
    writtenBy: uuid('written_by')
      .notNull()
      .references(() => users.id),
    writtenAt: timestamp('written_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('situation_summaries_period_idx').on(t.period, t.writtenAt)],
);

/**
 * A published regional picture: a numbered, frozen copy of what the picture
 * showed (to every actor: Sekretess reports appear only as reported), the
 * document that goes to decision makers.
 */
export const situationPublications = pgTable(
  'situation_publications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    period: text('period').notNull(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    publishedBy: uuid('published_by')
      .notNull()
      .references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('situation_publications_number_key').on(t.period, t.number)],
);

/** A reporting round of an activation: actors are asked to report by the deadline. */
export const reportingRounds = pgTable(
  'reporting_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activationId: uuid('activation_id')
      .notNull()
      .references(() => activations.id),
    number: integer('number').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    openedBy: uuid('opened_by')
      .notNull()
      .references(() => users.id),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('reporting_rounds_number_key').on(t.activationId, t.number)],
);

/** Every status change of a need, so the picture at a past moment shows the needs as they stood. */
export const reportNeedChanges = pgTable(
  'report_need_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    needId: uuid('need_id')
      .notNull()
      .references(() => reportNeeds.id),
    status: text('status', { enum: ['open', 'taken_up', 'resolved'] }).notNull(),
    changedBy: uuid('changed_by')
      .notNull()
      .references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_need_changes_need_idx').on(t.needId, t.changedAt)],
);

/**
 * A joint message (samordnat budskap), one row per version: an update of a
 * published message is a new row with the next version and `previous_id`.
 */
export const jointMessages = pgTable(
  'joint_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The first version's id, shared by every version. */
    seriesId: uuid('series_id').notNull(),
    version: integer('version').notNull().default(1),
    previousId: uuid('previous_id'),
    status: text('status', { enum: messageStatuses }).notNull().default('draft'),
    classification: text('classification', { enum: messageClassifications }).notNull(),
    exercise: boolean('exercise').notNull().default(false),
    headline: text('headline').notNull(),
    body: text('body').notNull(),
    instruction: text('instruction'),
    /** The English text `{headline, body, instruction?}`, or null. */
    english: jsonb('english'),
    /** Municipality codes, or ['county']. */
    areas: jsonb('areas').notNull(),
    audiences: jsonb('audiences').notNull().default([]),
    responsibleActorId: text('responsible_actor_id')
      .notNull()
      .references(() => actors.id),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    authorActorId: text('author_actor_id')
      .notNull()
      .references(() => actors.id),
    activationId: uuid('activation_id').references(() => activations.id),
    plannedAt: timestamp('planned_at', { withTimezone: true }),
    /** The actors asked to agree; null before consultation. */
    consultedActorIds: jsonb('consulted_actor_ids'),
    /** Rises with every saved edit (optimistic concurrency). */
    revision: integer('revision').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    withdrawReason: text('withdraw_reason'),
  },
  (t) => [
    uniqueIndex('joint_messages_series_version_key').on(t.seriesId, t.version),
    index('joint_messages_status_idx').on(t.status, t.updatedAt),
  ],
);

/** Comments, agreements and objections, as given (append-only). */
export const messageAnswers = pgTable(
  'message_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => jointMessages.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    actorId: text('actor_id')
      .notNull()
      .references(() => actors.id),
    /** The user's role when answering: a coordinator's agreement is the regional one. */
    role: text('role').notNull(),
    kind: text('kind', { enum: ['agree', 'object', 'comment'] }).notNull(),
    comment: text('comment'),
    proposal: text('proposal'),
    revision: integer('revision').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('message_answers_message_idx').on(t.messageId, t.createdAt)],
);

/** Every status change of a message: who, when, from what to what (append-only). */
export const messageTransitions = pgTable(
  'message_transitions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => jointMessages.id),
    fromStatus: text('from_status', { enum: messageStatuses }),
    toStatus: text('to_status', { enum: messageStatuses }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    comment: text('comment'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('message_transitions_message_idx').on(t.messageId, t.id)],
);

/**
 * One CAP 1.2 alert per published version of a public message, and one
 * Cancel per withdrawal (append-only). `content` holds everything the
 * document says, so a document reads the same forever.
 */
export const capAlerts = pgTable(
  'cap_alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Issue order, also between alerts sent in the same second. */
    seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
    messageId: uuid('message_id')
      .notNull()
      .references(() => jointMessages.id),
    seriesId: uuid('series_id').notNull(),
    msgType: text('msg_type', { enum: ['Alert', 'Update', 'Cancel'] }).notNull(),
    /** The alert this one updates or cancels. */
    referencesId: uuid('references_id'),
    sender: text('sender').notNull(),
    /** Whole seconds: CAP's dateTime has no fractions. */
    sent: timestamp('sent', { withTimezone: true }).notNull(),
    content: jsonb('content').notNull(),
  },
  (t) => [index('cap_alerts_series_idx').on(t.seriesId, t.seq)],
);
