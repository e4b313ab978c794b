import { schema } from '@samverkan/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, DEMO_PASSWORD, login, startTestApp, type TestApp } from '../../testing/harness.ts';
import { SESSION_COOKIE } from './sessions.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { LOGIN_MAX_FAILURES: '3', LOGIN_RATE_PER_IP: '1000' } });
});
afterAll(() => t?.close());

const loginAs = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

describe('login', () => {
  it('answers 200 with the user and sets an httpOnly, SameSite session cookie', async () => {
    const res = await loginAs('RSIB@samverkan.test', DEMO_PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({
      email: 'rsib@samverkan.test',
      role: 'coordinator',
      actorId: 'lansstyrelsen-stockholm',
      actorName: 'Länsstyrelsen i Stockholms län',
    });
    expect(res.json().user).not.toHaveProperty('passwordHash');
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.expires).toBeInstanceOf(Date);
  });

  it('gives unknown email and wrong password the same 401', async () => {
    const unknown = await loginAs('nobody@samverkan.test', 'whatever-password');
    const wrong = await loginAs('admin@samverkan.test', 'wrong-password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(unknown.cookies).toHaveLength(0);
  });

  it('names the field of a malformed login', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email' } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['email', 'password']));
  });

  it('stores passwords as argon2id hashes', async () => {
    const [u] = await t.app.db
      .select({ hash: schema.users.passwordHash })
      .from(schema.users)
      .where(eq(schema.users.email, 'admin@samverkan.test'));
    expect(u?.hash).toMatch(/^\$argon2id\$/);
  });

  it('holds an account back after repeated failures, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await loginAs('tib.polisen@samverkan.test', 'bad-guess')).statusCode).toBe(401);
    const held = await loginAs('tib.polisen@samverkan.test', DEMO_PASSWORD);
    expect(held.statusCode).toBe(429);
    expect(held.json().error).toBe('too_many_requests');
    // Other accounts are not affected.
    expect((await loginAs('observator@samverkan.test', DEMO_PASSWORD)).statusCode).toBe(200);
  });
});

describe('rate limit per IP', () => {
  it('answers 429 after too many login attempts from one address', async () => {
    const limited = await startTestApp({ env: { LOGIN_RATE_PER_IP: '3' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: `person${i}@samverkan.test`, password: 'x-password' },
        });
        codes.push(res.statusCode);
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('session', () => {
  it('/me answers 401 without a session and the user with one', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const { cookie } = await login(t.app, 'kommunikator.region@samverkan.test');
    const me = await as(t.app, cookie)({ method: 'GET', url: '/api/auth/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ role: 'communicator', actorId: 'region-stockholm' });
    expect(me.json().user).not.toHaveProperty('sessionHash');
  });

  it('logout ends the session on the server, not only in the browser', async () => {
    const { cookie } = await login(t.app, 'admin@samverkan.test');
    const res = await as(t.app, cookie)({ method: 'POST', url: '/api/auth/logout' });
    expect(res.statusCode).toBe(204);
    expect(res.cookies.find((c) => c.name === SESSION_COOKIE)?.value).toBe('');
    expect((await as(t.app, cookie)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('an expired session is refused', async () => {
    const { cookie, user } = await login(t.app, 'tib.stockholm@samverkan.test');
    await t.app.db
      .update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.sessions.userId, user.id));
    expect((await as(t.app, cookie)({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });
});

describe('cross-site requests', () => {
  it('refuses a state-changing request from another origin, and accepts our own', async () => {
    const { cookie } = await login(t.app, 'rsib@samverkan.test');
    const call = (headers: Record<string, string>) =>
      as(
        t.app,
        cookie,
      )({
        method: 'POST',
        url: '/api/mode/requests',
        payload: { title: 'CSRF', reason: 'r' },
        headers,
      });
    const foreign = await call({ origin: 'https://evil.example' });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error).toBe('forbidden_origin');
    expect((await call({ referer: 'https://evil.example/page' })).statusCode).toBe(403);
    expect((await call({ origin: t.config.PUBLIC_URL })).statusCode).toBe(201);
    // Reading is not state-changing.
    expect(
      (await as(t.app, cookie)({ method: 'GET', url: '/api/mode', headers: { origin: 'https://evil.example' } }))
        .statusCode,
    ).toBe(200);
  });
});
