import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, startTestApp, type TestApp } from '../testing/harness.ts';

let t: TestApp;
let coordinator: ReturnType<typeof as>;

beforeAll(async () => {
  t = await startTestApp();
  coordinator = as(t.app, (await login(t.app, 'rsib@samverkan.test')).cookie);
});
afterAll(() => t?.close());

const isErrorBody = (body: unknown) =>
  expect(body).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String) }));

describe('one error format, never a 500 for bad input', () => {
  it('malformed JSON is a 400', async () => {
    const res = await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    isErrorBody(res.json());
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('wrong types are a 400 that names each field', async () => {
    const res = await coordinator({
      method: 'POST',
      url: '/api/mode/activate',
      payload: { title: 42, reason: ['x'], expectedVersion: 'one' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('validation');
    expect(
      res
        .json()
        .details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['expectedVersion', 'reason', 'title']);
  });

  it('a body that is not an object, or no body at all, is a 400', async () => {
    for (const payload of ['[]', '"text"', 'null']) {
      const res = await coordinator({
        method: 'POST',
        url: '/api/mode/requests',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.statusCode).toBe(400);
      isErrorBody(res.json());
    }
    const empty = await coordinator({ method: 'POST', url: '/api/mode/deactivate' });
    expect(empty.statusCode).toBe(400);
  });

  it('an unsupported content type is a 415 in the same shape', async () => {
    const res = await coordinator({
      method: 'POST',
      url: '/api/mode/requests',
      payload: 'title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.statusCode).toBe(415);
    isErrorBody(res.json());
  });

  it('an unknown route is a 404 in the same shape', async () => {
    const res = await coordinator({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'not_found' });
  });

  it('a negative or fractional version is a 400', async () => {
    for (const expectedVersion of [-1, 1.5]) {
      const res = await coordinator({
        method: 'POST',
        url: '/api/mode/deactivate',
        payload: { reason: 'r', expectedVersion },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].path).toBe('expectedVersion');
    }
  });
});

describe('OpenAPI and health', () => {
  it('publishes an OpenAPI document generated from the schemas, with docs beside it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/mode',
        '/api/mode/activate',
        '/api/mode/deactivate',
        '/api/mode/requests',
        '/api/actors',
      ]),
    );
    const activateBody = doc.paths['/api/mode/activate'].post.requestBody.content['application/json'].schema;
    expect(activateBody.required).toEqual(expect.arrayContaining(['title', 'reason', 'expectedVersion']));
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toMatch(/html/);
  });

  it('is live and ready when the database and the queue answer', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
    expect(ready.json().backend).toBe(t.app.queues.backend);
  });
});
