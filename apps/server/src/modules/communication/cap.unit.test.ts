import { describe, expect, it } from 'vitest';
import { checkWellFormed, validateCap } from '../../testing/xml.ts';
import { type CapAlert, capDateTime, renderCapAlert } from './cap.ts';

const alert = (extra: Partial<CapAlert> = {}): CapAlert => ({
  id: '2b9c0d7e-1111-4222-8333-444455556666',
  msgType: 'Alert',
  sender: 'ssr.example.se',
  sent: new Date('2026-11-23T02:12:09.500Z'),
  references: null,
  content: {
    exercise: false,
    sv: {
      headline: 'Kokning av dricksvatten <Nacka> & Värmdö',
      body: 'Koka vattnet.\n\nMer info följer.',
      instruction: 'Koka i 3 minuter.',
    },
    en: { headline: 'Boil drinking water', body: 'Boil the water.' },
    areas: ['0182', '0120'],
    audiences: ['allmänheten'],
    responsibleActorName: 'Region Stockholm',
    web: 'http://ssr.example.se/public#m-1',
  },
  ...extra,
});

describe('CAP 1.2 documents', () => {
  it('give sent times in Stockholm time with an offset and whole seconds, in winter and summer', () => {
    expect(capDateTime(new Date('2026-11-23T02:12:09.500Z'))).toBe('2026-11-23T03:12:09+01:00');
    expect(capDateTime(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02T00:30:00+02:00');
  });

  it('validate against the official schema, with an info per language and municipality geocodes', async () => {
    const xml = renderCapAlert(alert());
    const result = await validateCap(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(xml).toContain('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">');
    expect(xml).toContain('<identifier>SE-SSR-2b9c0d7e-1111-4222-8333-444455556666</identifier>');
    expect(xml).toContain('<sent>2026-11-23T03:12:09+01:00</sent>');
    expect(xml).toContain('<status>Actual</status>');
    expect(xml).toContain('<scope>Public</scope>');
    expect(xml.match(/<info>/g)).toHaveLength(2);
    expect(xml).toContain('<language>sv-SE</language>');
    expect(xml).toContain('<language>en-GB</language>');
    expect(xml).toContain('Kokning av dricksvatten &lt;Nacka&gt; &amp; Värmdö');
    expect(xml).toContain('<valueName>SCB-kommunkod</valueName>');
    expect(xml).toContain('<value>0182</value>');
    expect(xml).toContain('<areaDesc>Nacka, Värmdö</areaDesc>');
    expect(xml).not.toContain('<references>');
  });

  it('carry Exercise status, references for an update and a cancel, and the county geocode', async () => {
    const previous = {
      id: '2b9c0d7e-1111-4222-8333-444455550000',
      sender: 'ssr.example.se',
      sent: new Date('2026-11-23T01:00:00Z'),
    };
    for (const msgType of ['Update', 'Cancel'] as const) {
      const a = alert({ msgType, references: previous });
      a.content = { ...a.content, exercise: true, areas: ['county'], withdrawReason: 'Fel område' };
      const xml = renderCapAlert(a);
      expect((await validateCap(xml)).errors).toEqual([]);
      expect(xml).toContain('<status>Exercise</status>');
      expect(xml).toContain(`<msgType>${msgType}</msgType>`);
      expect(xml).toContain(
        '<references>ssr.example.se,SE-SSR-2b9c0d7e-1111-4222-8333-444455550000,2026-11-23T02:00:00+01:00</references>',
      );
      expect(xml).toContain('<valueName>SCB-lanskod</valueName>');
      expect(xml).toContain('<value>01</value>');
    }
  });

  it('are told apart from invalid ones by the validator (a document without scope fails)', async () => {
    const broken = renderCapAlert(alert()).replace('<scope>Public</scope>', '');
    expect((await validateCap(broken)).valid).toBe(false);
    expect((await checkWellFormed('<a><b></a>')).valid).toBe(false);
  });
});
