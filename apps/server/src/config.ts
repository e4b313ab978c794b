import { AgreementRequirementSchema } from '@samverkan/contracts';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL (${protocols.join(' or ')})`,
  );

/**
 * Every setting of the platform, read from the environment once at start-up.
 * A wrong value stops start-up with a message that names the variable.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The address people use to reach the dashboard; state-changing requests must come from this origin. */
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  /** PostgreSQL; without it an embedded PostgreSQL starts with its data under DATA_DIR. */
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /** The PostgreSQL of the job queue when Redis is not used; defaults to DATABASE_URL (the same database). */
  QUEUE_DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  /** Redis; without it the queue runs on PostgreSQL and live updates stay in this process. */
  REDIS_URL: url(['redis:', 'rediss:']).optional(),
  /** Prefix of every Redis key and queue, so several installs (or test runs) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('samverkan'),
  DATA_DIR: z.string().min(1).default('./.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(5488),
  /** Seed the demo users; defaults to true with the embedded database, false otherwise. */
  SEED_DEMO: bool.optional(),
  DEMO_PASSWORD: z.string().min(8).default('samverkan-demo'),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  /** Failed logins per account within 15 minutes before the account is held back. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(10),
  /** Login attempts per IP per minute. */
  LOGIN_RATE_PER_IP: z.coerce.number().int().positive().default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the built dashboard is; empty serves the API only. */
  DASHBOARD_DIR: z.string().optional(),
  /** SMTP server for e-mail call-outs (smtp:// or smtps://, credentials in the URL); unset sends no e-mail. */
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  /** The From header of call-out e-mail. */
  SMTP_FROM: z.string().min(3).default('Samverkan <noreply@samverkan.local>'),
  /** The SMS gateway's send endpoint (JSON over HTTP); unset sends no SMS. */
  SMS_GATEWAY_URL: url(['http:', 'https:']).optional(),
  /** Bearer token for the SMS gateway, when it asks for one. */
  SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
  /** The SMS sender: up to 11 letters and digits, or an E.164 number. */
  SMS_FROM: z
    .string()
    .regex(/^(?:[A-Za-z0-9 ]{1,11}|\+[1-9]\d{6,14})$/, 'up to 11 letters and digits, or an E.164 number')
    .default('SSR'),
  /**
   * The shared secret webhook receivers check `x-samverkan-signature` with
   * (HMAC-SHA256), at least 16 characters. Required in production; elsewhere a
   * fixed development value is used.
   */
  WEBHOOK_SECRET: z.string().min(16).optional(),
  /**
   * The key personal acknowledgement links are derived from (HMAC-SHA256), at
   * least 16 characters. Required in production; changing it voids every open link.
   */
  ACK_SECRET: z.string().min(16).optional(),
  /** Seconds without an acknowledgement from an actor before its next contact is called. */
  ACK_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(300),
  /** How long an acknowledgement link stays valid. */
  ACK_LINK_TTL_HOURS: z.coerce.number().positive().default(72),
  /** Run the delivery workers, the outbox relay and the escalation clock in this process (`pnpm worker` runs them alone). */
  RUN_WORKERS: bool.default(true),
  /** Attempts per delivery before it is failed for good (exponential backoff from 2 s). */
  DELIVERY_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  /** Seconds a worker holds a delivery job; a job of a worker that died is taken up again after about this long. */
  DELIVERY_LOCK_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** Per-channel send limits, messages per second, shared by every worker process. */
  RATE_EMAIL_PER_SECOND: z.coerce.number().int().positive().default(50),
  RATE_SMS_PER_SECOND: z.coerce.number().int().positive().default(10),
  RATE_WEBHOOK_PER_SECOND: z.coerce.number().int().positive().default(100),
  /**
   * Whose agreement a joint message needs before it is published, comma-separated:
   * `responsible` (the responsible actor's communicator), `coordinator` (a regional
   * coordinator), `consulted` (every consulted actor).
   */
  MESSAGE_REQUIRED_AGREEMENTS: z
    .string()
    .default('responsible,coordinator')
    .transform((v) => [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(AgreementRequirementSchema).min(1, 'name at least one of responsible, coordinator, consulted')),
  /** The CAP `sender` of public alerts; the public URL's host name when unset. */
  CAP_SENDER: z
    .string()
    .regex(/^[^\s,<&]+$/, 'no spaces, commas, < or &')
    .optional(),
});

/** The webhook secret outside production when none is set; never accepted in production. */
export const DEV_WEBHOOK_SECRET = 'samverkan-development-webhook-secret-not-for-production';
/** The acknowledgement-link key outside production when none is set; never accepted in production. */
export const DEV_ACK_SECRET = 'samverkan-development-ack-secret-not-for-production';

export type Config = z.infer<typeof ConfigSchema> & {
  PUBLIC_URL: string;
  SEED_DEMO: boolean;
  WEBHOOK_SECRET: string;
  ACK_SECRET: string;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings (as docker-compose passes for unset values) mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && (c.WEBHOOK_SECRET === undefined || c.WEBHOOK_SECRET === DEV_WEBHOOK_SECRET)) {
    throw new ConfigError(
      'Invalid configuration:\n  WEBHOOK_SECRET: required in production, a secret of your own of at least 16 characters (receivers verify webhooks with it)',
    );
  }
  if (c.NODE_ENV === 'production' && (c.ACK_SECRET === undefined || c.ACK_SECRET === DEV_ACK_SECRET)) {
    throw new ConfigError(
      'Invalid configuration:\n  ACK_SECRET: required in production, a secret of your own of at least 16 characters (acknowledgement links are derived from it)',
    );
  }
  return {
    ...c,
    PUBLIC_URL: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    SEED_DEMO: c.SEED_DEMO ?? c.DATABASE_URL === undefined,
    WEBHOOK_SECRET: c.WEBHOOK_SECRET ?? DEV_WEBHOOK_SECRET,
    ACK_SECRET: c.ACK_SECRET ?? DEV_ACK_SECRET,
  };
}
