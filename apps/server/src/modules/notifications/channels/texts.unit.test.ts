import { describe, expect, it } from 'vitest';
import { fitSms, SMS_MAX_CHARS } from './sms.ts';
import { formatStockholmTime, type NotificationTextInput, notificationKinds, renderNotification } from './texts.ts';

const base: NotificationTextInput = {
  kind: 'activation',
  exercise: false,
  title: 'Storm Alfrida',
  reason: 'Omfattande elavbrott i norra länet; flera kommuner behöver samordnas.',
  at: new Date('2026-11-23T02:12:00Z'),
  decidedBy: { name: 'Anna Berg', actorName: 'Länsstyrelsen i Stockholms län' },
  actorName: 'Stockholms stad',
  dashboardUrl: 'https://samverkan.example.se/',
  ackUrl: 'https://samverkan.example.se/k/abc123',
};

describe('formatStockholmTime', () => {
  it('gives the time in Stockholm, in winter and in summer', () => {
    expect(formatStockholmTime(new Date('2026-11-23T02:12:00Z'))).toBe('23 november 2026 kl. 03:12');
    expect(formatStockholmTime(new Date('2026-11-23T02:12:00Z'), 'en')).toBe('23 November 2026 at 03:12');
    expect(formatStockholmTime(new Date('2026-07-01T22:05:00Z'))).toBe('2 juli 2026 kl. 00:05');
  });
});

describe('renderNotification in Swedish', () => {
  const t = renderNotification(base);

  it('is Swedish unless told', () => {
    expect(t.subject).toBe('SSR AKTIVERAT: Storm Alfrida');
    expect(t.text.split('\n')[0]).toBe('Samverkan Stockholmsregionen (SSR) är aktiverat. Alla aktörer kallas in.');
  });

  it('says what, why, when and who decided, with the links', () => {
    expect(t.text).toContain('Händelse: Storm Alfrida');
    expect(t.text).toContain(`Anledning: ${base.reason}`);
    expect(t.text).toContain('Beslutat: 23 november 2026 kl. 03:12');
    expect(t.text).toContain('Beslut av: Anna Berg, Länsstyrelsen i Stockholms län');
    expect(t.text).toContain('https://samverkan.example.se/\n');
    expect(t.text).toContain('Kvittera mottagandet: https://samverkan.example.se/k/abc123');
    expect(t.text).toContain('Stockholms stad');
    expect(t.text).not.toMatch(/ÖVNING|EXERCISE/);
  });

  it('gives a short SMS that ends with the acknowledgement link', () => {
    expect(t.sms.split('\n')[0]).toBe('SSR AKTIVERAT: Storm Alfrida');
    expect(t.sms).toContain('kl. 03:12');
    expect(t.sms.endsWith('Kvittera: https://samverkan.example.se/k/abc123')).toBe(true);
    expect(t.sms.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });

  it('words deactivation', () => {
    const d = renderNotification({ ...base, kind: 'deactivation', reason: 'Elen är tillbaka.' });
    expect(d.subject).toBe('SSR AVAKTIVERAT: Storm Alfrida');
    expect(d.text).toContain('ordinarie läge');
    expect(d.text).toContain('Anledning: Elen är tillbaka.');
  });

  it('gives the requester the reason a request was declined', () => {
    const d = renderNotification({
      ...base,
      kind: 'request_declined',
      reason: 'Händelsen hanteras inom ordinarie samverkan.',
    });
    expect(d.subject).toBe('Begäran om aktivering av SSR avslogs: Storm Alfrida');
    expect(d.text).toContain('Er begäran om att aktivera SSR har avslagits.');
    expect(d.text).toContain('Skäl: Händelsen hanteras inom ordinarie samverkan.');
    expect(d.sms).toContain('Skäl: Händelsen hanteras inom ordinarie samverkan.');
  });

  it('carries the call-out message', () => {
    const c = renderNotification({
      ...base,
      kind: 'callout',
      message: 'Samverkanskonferens nr 3 kl. 04:00.\nRing in på 08-123 456 00, kod 4711.',
    });
    expect(c.subject).toBe('Kallelse till samverkanskonferens: Storm Alfrida');
    expect(c.text).toContain('Stockholms stad kallas till samverkanskonferens');
    expect(c.text).toContain('Samverkanskonferens nr 3 kl. 04:00.\nRing in på 08-123 456 00, kod 4711.');
    expect(c.text).toContain('Kallad av: Anna Berg');
    expect(c.sms).toContain('Samverkanskonferens nr 3 kl. 04:00. Ring in på 08-123 456 00, kod 4711.');
  });
});

describe('renderNotification in English', () => {
  it('has the same content', () => {
    const t = renderNotification({ ...base, language: 'en' });
    expect(t.subject).toBe('SSR activated: Storm Alfrida');
    expect(t.text).toContain('has been activated');
    expect(t.text).toContain('Decided: 23 November 2026 at 03:12 (Stockholm time)');
    expect(t.text).toContain('Decided by: Anna Berg, Länsstyrelsen i Stockholms län');
    expect(t.text).toContain('Acknowledge receipt: https://samverkan.example.se/k/abc123');
    expect(t.sms).toContain('SSR ACTIVATED: Storm Alfrida');
    expect(t.sms.endsWith('Acknowledge: https://samverkan.example.se/k/abc123')).toBe(true);
  });

  it('gives the decline reason', () => {
    const t = renderNotification({ ...base, language: 'en', kind: 'request_declined', reason: 'Handled as usual.' });
    expect(t.subject).toBe('Request to activate SSR declined: Storm Alfrida');
    expect(t.text).toContain('Reason for declining: Handled as usual.');
  });
});

describe('an exercise', () => {
  it.each(notificationKinds)('is marked in subject, text and SMS (%s)', (kind) => {
    const sv = renderNotification({ ...base, kind, exercise: true, message: 'Konferens kl. 04:00' });
    expect(sv.subject.startsWith('ÖVNING')).toBe(true);
    expect(sv.text.startsWith('ÖVNING')).toBe(true);
    expect(sv.sms.startsWith('ÖVNING')).toBe(true);
    const en = renderNotification({ ...base, kind, language: 'en', exercise: true, message: 'Conference 04:00' });
    expect(en.subject.startsWith('EXERCISE')).toBe(true);
    expect(en.text.startsWith('EXERCISE')).toBe(true);
    expect(en.sms.startsWith('EXERCISE')).toBe(true);
  });

  it('keeps the mark when a long SMS is shortened', () => {
    const t = renderNotification({ ...base, exercise: true, reason: 'Mycket lång bakgrund. '.repeat(60) });
    const sms = fitSms(t.sms);
    expect(sms.startsWith('ÖVNING - SSR AKTIVERAT: Storm Alfrida')).toBe(true);
    expect(sms.endsWith('\nKvittera: https://samverkan.example.se/k/abc123')).toBe(true);
    expect(sms).toContain('…');
    expect([...sms].length).toBeLessThanOrEqual(SMS_MAX_CHARS);
  });
});

describe('fitSms', () => {
  it('leaves a short text alone', () => {
    expect(fitSms('Kort. Kvittera: https://x.se/k/1')).toBe('Kort. Kvittera: https://x.se/k/1');
  });

  it('cuts before the last link, keeping it and its label whole', () => {
    const link = 'https://samverkan.example.se/k/0123456789abcdef';
    const text = `${'ord '.repeat(200)}\nKvittera: ${link}`;
    const fitted = fitSms(text);
    expect(fitted.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(fitted.endsWith(`…\nKvittera: ${link}`)).toBe(true);
  });

  it('keeps a link in the middle of a line whole', () => {
    const link = 'https://x.se/k/42';
    const fitted = fitSms(`${'a'.repeat(300)} ${'b'.repeat(300)} ${link}`, 100);
    expect(fitted.length).toBe(100);
    expect(fitted.endsWith(`… ${link}`)).toBe(true);
  });

  it('cuts a text without a link at the limit, without splitting a character', () => {
    expect(fitSms('x'.repeat(500))).toBe(`${'x'.repeat(SMS_MAX_CHARS - 1)}…`);
    expect([...fitSms('😀'.repeat(500), 10)]).toHaveLength(10);
  });
});

describe('renderNotification of a joint message', () => {
  const message: NotificationTextInput = {
    ...base,
    kind: 'message',
    title: 'Koka dricksvattnet',
    reason: 'Publicerat för allmänheten',
    message: 'Vattnet kan vara förorenat.\n\nKoka vattnet i tre minuter.',
  };

  it('carries the message itself and no acknowledgement link, for it is not acknowledged', () => {
    const t = renderNotification(message);
    expect(t.subject).toBe('Samordnat budskap: Koka dricksvattnet');
    expect(t.text).toContain('Vattnet kan vara förorenat.\n\nKoka vattnet i tre minuter.');
    expect(t.text).toContain('Informationsklass: Publicerat för allmänheten');
    expect(t.text).not.toContain(base.ackUrl);
    expect(t.sms).not.toContain(base.ackUrl);
  });

  it('is marked ÖVNING in an exercise', () => {
    expect(renderNotification({ ...message, exercise: true }).subject).toBe(
      'ÖVNING – Samordnat budskap: Koka dricksvattnet',
    );
  });
});
