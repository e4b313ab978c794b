import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, createPool } from '@samverkan/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActors } from '../modules/actors/service.ts';
import { checkCredentials } from '../modules/auth/login.ts';
import { createTestDatabase } from '../testing/harness.ts';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));

function runCli(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
      cwd: serverDir,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(stdin);
  });
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  env = { DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
});
afterAll(() => database?.drop());

describe('pnpm cli user add', () => {
  it('creates a user who can log in with the password given on stdin', async () => {
    const res = await runCli(
      [
        'user',
        'add',
        '--email',
        'Anna.Berg@Solna.se',
        '--name',
        'Anna Berg',
        '--role',
        'duty_officer',
        '--actor',
        'solna-kommun',
      ],
      env,
      'ett-langt-losenord-2026\n',
    );
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/Created user anna.berg@solna.se/);
    const pool = createPool(database.url, 1);
    try {
      const user = await checkCredentials(
        createDatabase(pool),
        { email: 'anna.berg@solna.se', password: 'ett-langt-losenord-2026' },
        10,
      );
      expect(user).toMatchObject({ name: 'Anna Berg', role: 'duty_officer', actorId: 'solna-kommun' });
    } finally {
      await pool.end();
    }
  });

  it('refuses an unknown role, an unknown actor and a short password, naming the problem', async () => {
    const badRole = await runCli(
      ['user', 'add', '--email', 'a@b.se', '--name', 'A', '--role', 'general', '--actor', 'solna-kommun'],
      env,
      'x'.repeat(20),
    );
    expect(badRole.code).not.toBe(0);
    expect(badRole.err).toMatch(/--role/);
    const badActor = await runCli(
      ['user', 'add', '--email', 'a@b.se', '--name', 'A', '--role', 'viewer', '--actor', 'atlantis'],
      env,
      'x'.repeat(20),
    );
    expect(badActor.code).toBe(1);
    expect(badActor.err).toMatch(/No actor with id "atlantis"/);
    const short = await runCli(
      ['user', 'add', '--email', 'a@b.se', '--name', 'A', '--role', 'viewer', '--actor', 'solna-kommun'],
      env,
      'kort',
    );
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/at least 12/);
    const duplicate = await runCli(
      ['user', 'add', '--email', 'anna.berg@solna.se', '--name', 'A', '--role', 'viewer', '--actor', 'solna-kommun'],
      env,
      'x'.repeat(20),
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.err).toMatch(/already exists/);
  });
});

describe('pnpm cli actors import', () => {
  it('imports a CSV actor list, and refuses a bad one whole', async () => {
    const countActors = async () => {
      const pool = createPool(database.url, 1);
      return listActors(createDatabase(pool)).finally(() => pool.end());
    };
    const before = (await countActors()).length;
    const dir = tmpdir();
    const good = path.join(dir, `actors-${process.pid}.csv`);
    await writeFile(good, 'id,name,category,municipalityCode\nsjofartsverket,Sjöfartsverket,trafik,\n');
    const res = await runCli(['actors', 'import', good], env);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/Imported 1 actors/);

    const bad = path.join(dir, `actors-bad-${process.pid}.json`);
    await writeFile(
      bad,
      JSON.stringify([
        { id: 'ok-actor', name: 'OK', category: 'trafik' },
        { id: 'Bad Id', name: 'X', category: 'trafik' },
      ]),
    );
    const refused = await runCli(['actors', 'import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/row 2: id/);

    const ids = (await countActors()).map((a) => a.id);
    expect(ids).toContain('sjofartsverket');
    expect(ids).not.toContain('ok-actor');
    expect(ids).toHaveLength(before + 1);
  });
});
