import { communicatorKinds, type NotificationKind, notificationKinds } from '@samverkan/contracts';
import type { Language } from './types.ts';

export { type NotificationKind, notificationKinds };

export interface NotificationTextInput {
  kind: NotificationKind;
  /** Swedish unless told. */
  language?: Language;
  /** An exercise (övning): every text then starts with ÖVNING / EXERCISE. */
  exercise: boolean;
  /** The activation's title, e.g. "Storm Alfrida". */
  title: string;
  /** Why: the reason for activating or deactivating, the reason a request was declined, the call-out's reason. */
  reason: string;
  /** When it was decided (for a call-out: when the conference is). */
  at: Date;
  decidedBy: { name: string; actorName: string };
  /** The recipient's actor. */
  actorName: string;
  dashboardUrl: string;
  ackUrl: string;
  /** The call-out's own words (kind `callout`). */
  message?: string;
}

export interface NotificationTexts {
  subject: string;
  text: string;
  sms: string;
}

const TIME_ZONE = 'Europe/Stockholm';

/** The time as people in Stockholm read it: "23 november 2026 kl. 03:12" / "23 November 2026 at 03:12". */
export function formatStockholmTime(at: Date, language: Language = 'sv'): string {
  const parts = new Intl.DateTimeFormat(language === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('day')} ${part('month')} ${part('year')}`;
  const time = `${part('hour')}:${part('minute')}`;
  return language === 'sv' ? `${date} kl. ${time}` : `${date} at ${time}`;
}

interface Words {
  exercisePrefix: string;
  exerciseLine: string;
  headline: Record<NotificationKind, string>;
  firstLine: Record<NotificationKind, (i: NotificationTextInput) => string>;
  smsLine: Record<NotificationKind, string>;
  title: string;
  reason: Record<NotificationKind, string>;
  message: string;
  at: Record<NotificationKind, string>;
  timeSuffix: string;
  decidedBy: Record<NotificationKind, string>;
  dashboard: string;
  ack: string;
  smsAck: string;
  recipient: (actorName: string) => string;
}

const sv: Words = {
  exercisePrefix: 'ÖVNING',
  exerciseLine: 'Detta är en övning. Inget verkligt läge har ändrats.',
  headline: {
    activation: 'SSR AKTIVERAT',
    deactivation: 'SSR AVAKTIVERAT',
    request_declined: 'Begäran om aktivering av SSR avslogs',
    callout: 'Kallelse till samverkanskonferens',
    message: 'Samordnat budskap',
    consultation: 'Samråd om samordnat budskap',
  },
  firstLine: {
    activation: () => 'Samverkan Stockholmsregionen (SSR) är aktiverat. Alla aktörer kallas in.',
    deactivation: () => 'SSR är avaktiverat och har återgått till ordinarie läge.',
    request_declined: () => 'Er begäran om att aktivera SSR har avslagits.',
    callout: (i) => `${oneLine(i.actorName)} kallas till samverkanskonferens inom SSR.`,
    message: () => 'Ett samordnat budskap från aktörerna i SSR. Använd det i era egna kanaler.',
    consultation: (i) =>
      `${oneLine(i.actorName)} ombeds instämma i eller invända mot ett samordnat budskap före publicering.`,
  },
  smsLine: {
    activation: 'SSR AKTIVERAT',
    deactivation: 'SSR AVAKTIVERAT',
    request_declined: 'Begäran om aktivering av SSR avslogs',
    callout: 'Kallelse till samverkanskonferens',
    message: 'Samordnat budskap',
    consultation: 'Samråd om budskap',
  },
  title: 'Händelse',
  reason: {
    activation: 'Anledning',
    deactivation: 'Anledning',
    request_declined: 'Skäl',
    callout: 'Anledning',
    message: 'Informationsklass',
    consultation: 'Informationsklass',
  },
  message: 'Meddelande',
  at: {
    activation: 'Beslutat',
    deactivation: 'Beslutat',
    request_declined: 'Beslutat',
    callout: 'Tid',
    message: 'Publicerat',
    consultation: 'Skickat',
  },
  timeSuffix: '',
  decidedBy: {
    activation: 'Beslut av',
    deactivation: 'Beslut av',
    request_declined: 'Beslut av',
    callout: 'Kallad av',
    message: 'Publicerat av',
    consultation: 'Skickat av',
  },
  dashboard: 'Följ läget i Samverkan',
  ack: 'Kvittera mottagandet',
  smsAck: 'Kvittera',
  recipient: (actorName) => `Du får detta meddelande som kontakt för ${actorName}.`,
};

const en: Words = {
  exercisePrefix: 'EXERCISE',
  exerciseLine: 'This is an exercise. No real mode has changed.',
  headline: {
    activation: 'SSR activated',
    deactivation: 'SSR deactivated',
    request_declined: 'Request to activate SSR declined',
    callout: 'Call-out to a collaboration conference',
    message: 'Joint message',
    consultation: 'Consultation on a joint message',
  },
  firstLine: {
    activation: () => 'Samverkan Stockholmsregionen (SSR) has been activated. Every actor is called in.',
    deactivation: () => 'SSR has been deactivated and is back in ordinary mode.',
    request_declined: () => 'Your request to activate SSR has been declined.',
    callout: (i) => `${oneLine(i.actorName)} is called to an SSR collaboration conference.`,
    message: () => 'A joint message from the SSR actors. Use it in your own channels.',
    consultation: (i) =>
      `${oneLine(i.actorName)} is asked to agree or object to a joint message before it is published.`,
  },
  smsLine: {
    activation: 'SSR ACTIVATED',
    deactivation: 'SSR DEACTIVATED',
    request_declined: 'Request to activate SSR declined',
    callout: 'Call-out to collaboration conference',
    message: 'Joint message',
    consultation: 'Consultation on a message',
  },
  title: 'Event',
  reason: {
    activation: 'Reason',
    deactivation: 'Reason',
    request_declined: 'Reason for declining',
    callout: 'Reason',
    message: 'Information class',
    consultation: 'Information class',
  },
  message: 'Message',
  at: {
    activation: 'Decided',
    deactivation: 'Decided',
    request_declined: 'Decided',
    callout: 'Time',
    message: 'Published',
    consultation: 'Sent',
  },
  timeSuffix: ' (Stockholm time)',
  decidedBy: {
    activation: 'Decided by',
    deactivation: 'Decided by',
    request_declined: 'Decided by',
    callout: 'Called by',
    message: 'Published by',
    consultation: 'Sent by',
  },
  dashboard: 'Follow the situation in Samverkan',
  ack: 'Acknowledge receipt',
  smsAck: 'Acknowledge',
  recipient: (actorName) => `You receive this message as a contact of ${actorName}.`,
};

/** Kinds whose own words (`message`) are the heart of the text. */
const textKinds: readonly NotificationKind[] = ['callout', 'message', 'consultation'];

/** One line of free text: line breaks and runs of spaces become single spaces. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The subject, e-mail text and SMS of one notification, Swedish unless told.
 * Pure: the same input gives the same texts. In an exercise the subject and
 * the first line of the text and of the SMS start with ÖVNING / EXERCISE.
 */
export function renderNotification(input: NotificationTextInput): NotificationTexts {
  const language = input.language ?? 'sv';
  const w = language === 'en' ? en : sv;
  const { kind } = input;
  const title = oneLine(input.title);
  const reason = input.reason.trim();
  const message = input.message?.trim();
  const when = formatStockholmTime(input.at, language);
  const decidedBy = `${oneLine(input.decidedBy.name)}, ${oneLine(input.decidedBy.actorName)}`;
  // Joint messages and consultations are not acknowledged: no link.
  const acknowledged = !communicatorKinds.includes(kind);
  const mark = (s: string) => (input.exercise ? `${w.exercisePrefix} – ${s}` : s);

  const subject = mark(`${w.headline[kind]}: ${title}`);

  const lines: string[] = [];
  if (input.exercise) lines.push(`${w.exercisePrefix} – ${w.exerciseLine}`, '');
  lines.push(w.firstLine[kind](input), '');
  if (textKinds.includes(kind) && message) lines.push(message, '');
  lines.push(
    `${w.title}: ${title}`,
    `${w.reason[kind]}: ${reason}`,
    `${w.at[kind]}: ${when}${w.timeSuffix}`,
    `${w.decidedBy[kind]}: ${decidedBy}`,
    '',
    `${w.dashboard}: ${input.dashboardUrl}`,
    ...(acknowledged ? [`${w.ack}: ${input.ackUrl}`] : []),
    '',
    w.recipient(oneLine(input.actorName)),
  );
  if (input.exercise) lines.push('', w.exercisePrefix);
  const text = `${lines.join('\n')}\n`;

  // Plain characters only (a hyphen, not a dash), so the SMS stays in the GSM alphabet where it can.
  const smsHead = `${input.exercise ? `${w.exercisePrefix} - ` : ''}${w.smsLine[kind]}: ${title}`;
  const smsBody = textKinds.includes(kind) && message ? oneLine(message) : `${w.reason[kind]}: ${oneLine(reason)}`;
  const sms = [
    smsHead,
    `${w.at[kind]}: ${when}`,
    `${w.decidedBy[kind]}: ${decidedBy}`,
    smsBody,
    ...(acknowledged ? [`${w.smsAck}: ${input.ackUrl}`] : []),
  ].join('\n');

  return { subject, text, sms };
}
