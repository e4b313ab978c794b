import { readFile } from 'node:fs/promises';
import { RoleSchema } from '@samverkan/contracts';
import { createDatabase, createPool, runMigrations, seedActorsOnce, upsertActors } from '@samverkan/db';
import { Command, InvalidArgumentError } from 'commander';
import pino from 'pino';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.ts';
import { formatOf, parseActorList } from '../modules/actors/import.ts';
import { saveUser } from '../modules/auth/users.ts';

/** Runs `work` against the configured database (or the embedded one), migrated. */
async function withDatabase<T>(work: (db: ReturnType<typeof createDatabase>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(config.DATA_DIR, config.EMBEDDED_PG_PORT, pino({ level: 'warn' }));
  const pool = createPool(config.DATABASE_URL ?? embedded?.url ?? '', 2);
  try {
    await runMigrations(pool);
    return await work(createDatabase(pool));
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const program = new Command('samverkan').description('Administration of a Samverkan installation');

const user = program.command('user').description('Users');
user
  .command('add')
  .description('Create a user; the password is read from standard input')
  .requiredOption('--email <email>', 'login email', (v) => {
    const r = z.string().email().safeParse(v.trim().toLowerCase());
    if (!r.success) throw new InvalidArgumentError('not an email address');
    return r.data;
  })
  .requiredOption('--name <name>', 'full name')
  .requiredOption('--role <role>', `one of ${RoleSchema.options.join(', ')}`, (v) => {
    const r = RoleSchema.safeParse(v);
    if (!r.success) throw new InvalidArgumentError(`must be one of ${RoleSchema.options.join(', ')}`);
    return r.data;
  })
  .requiredOption('--actor <slug>', 'the actor the user belongs to, e.g. stockholms-stad')
  .action(async (opts: { email: string; name: string; role: z.infer<typeof RoleSchema>; actor: string }) => {
    const password = (await readStdin()).replace(/\r?\n$/, '');
    if (password.length < 12) throw new Error('The password must be at least 12 characters');
    const id = await withDatabase(async (db) => {
      // A user is often the first thing made on a new install; the actors it belongs to come first.
      await seedActorsOnce(db);
      const actor = await db.query.actors.findFirst({ where: (a, { eq }) => eq(a.id, opts.actor) });
      if (!actor) throw new Error(`No actor with id "${opts.actor}"; see GET /api/actors`);
      const existing = await db.query.users.findFirst({ where: (u, { eq }) => eq(u.email, opts.email) });
      if (existing) throw new Error(`A user with the email ${opts.email} already exists`);
      return saveUser(db, { email: opts.email, name: opts.name, role: opts.role, actorId: opts.actor, password });
    });
    console.log(`Created user ${opts.email} (${opts.role}, ${opts.actor}) with id ${id}`);
  });

const actors = program.command('actors').description('Actors');
actors
  .command('import <file>')
  .description('Insert or update actors from a CSV (id,name,category,municipalityCode) or JSON file')
  .action(async (file: string) => {
    const list = parseActorList(await readFile(file, 'utf8'), formatOf(file));
    const n = await withDatabase((db) => upsertActors(db, list));
    console.log(`Imported ${n} actors from ${file}`);
  });

program.parseAsync().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
