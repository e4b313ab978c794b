import type { Actor } from '@samverkan/contracts';
import { seedActors, upsertActors } from '@samverkan/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, login, startTestApp, type TestApp } from '../../testing/harness.ts';
import { parseActorList } from './import.ts';

let t: TestApp;
let viewer: ReturnType<typeof as>;

beforeAll(async () => {
  t = await startTestApp();
  viewer = as(t.app, (await login(t.app, 'observator@samverkan.test')).cookie);
});
afterAll(() => t?.close());

describe('GET /api/actors', () => {
  it('lists the 37 seeded SSR actors with slug ids, categories and municipality codes', async () => {
    const res = await viewer({ method: 'GET', url: '/api/actors' });
    expect(res.statusCode).toBe(200);
    const actors = res.json<Actor[]>();
    expect(actors).toHaveLength(37);
    expect(actors.filter((a) => a.category === 'kommun')).toHaveLength(26);
    expect(actors.find((a) => a.municipalityCode === '0114')).toMatchObject({ name: 'Upplands Väsby kommun' });
    expect(actors.find((a) => a.municipalityCode === '0139')).toMatchObject({ name: 'Upplands-Bro kommun' });
    expect(actors.find((a) => a.id === 'stockholms-stad')).toMatchObject({ municipalityCode: '0180' });
    expect(actors.find((a) => a.id === 'polisregion-stockholm')).toEqual({
      id: 'polisregion-stockholm',
      name: 'Polisregion Stockholm',
      category: 'blaljus',
    });
  });

  it('needs a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/actors' })).statusCode).toBe(401);
  });

  it('an import updates and adds actors without touching the others', async () => {
    const list = parseActorList(
      'id,name,category,municipalityCode\nsos-alarm,SOS Alarm Sverige AB,blaljus,\nsjofartsverket,Sjöfartsverket,trafik,\n',
      'csv',
    );
    await upsertActors(t.app.db, list);
    const actors = (await viewer({ method: 'GET', url: '/api/actors' })).json<Actor[]>();
    expect(actors).toHaveLength(38);
    expect(actors.find((a) => a.id === 'sos-alarm')?.name).toBe('SOS Alarm Sverige AB');
    expect(actors.find((a) => a.id === 'sjofartsverket')).toEqual({
      id: 'sjofartsverket',
      name: 'Sjöfartsverket',
      category: 'trafik',
    });
    await upsertActors(
      t.app.db,
      seedActors.filter((a) => a.id === 'sos-alarm'),
    );
  });
});
