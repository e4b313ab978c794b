import { areaName, COUNTY_CODE, capStatus, type MessageText, WHOLE_COUNTY } from '@samverkan/contracts';
import { create } from 'xmlbuilder2';

/** The CAP 1.2 namespace; the document's root element lives in it. */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

/** Everything one CAP document says, frozen when it is issued (stored as `cap_alerts.content`). */
export interface CapContent {
  exercise: boolean;
  sv: MessageText;
  en: MessageText | null;
  areas: string[];
  audiences: string[];
  responsibleActorName: string;
  /** The public page of the message. */
  web: string;
  /** A withdrawal's reason (msgType Cancel). */
  withdrawReason?: string | null;
}

/** One stored CAP alert: its identity, what it refers to, and its content. */
export interface CapAlert {
  id: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  sender: string;
  sent: Date;
  content: CapContent;
  /** The alert this one updates or cancels. */
  references: { id: string; sender: string; sent: Date } | null;
}

/** A CAP identifier: globally unique through the sender, no spaces, commas or reserved characters. */
export function capIdentifier(id: string): string {
  return `SE-SSR-${id}`;
}

/**
 * CAP's dateTime: whole seconds with an explicit offset and never "Z", in
 * Stockholm time so a reader sees the local clock (`2026-11-23T03:12:00+01:00`).
 */
export function capDateTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? '00';
  const local = Date.UTC(+p('year'), +p('month') - 1, +p('day'), +p('hour'), +p('minute'), +p('second'));
  const offsetMinutes = Math.round((local - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}:${p('second')}${offset}`;
}

const words = {
  sv: { language: 'sv-SE', event: 'Samordnat budskap', withdrawn: 'Återkallat', exercise: 'ÖVNING' },
  en: { language: 'en-GB', event: 'Joint message', withdrawn: 'Withdrawn', exercise: 'EXERCISE' },
} as const;

/**
 * Renders one alert as a CAP 1.2 document: scope Public, an `info` per
 * language, and one `area` whose geocodes are SCB municipality codes (or the
 * county code). Element order follows the schema, which requires it.
 */
export function renderCapAlert(alert: CapAlert): string {
  const c = alert.content;
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(CAP_NAMESPACE, 'alert');
  root.ele('identifier').txt(capIdentifier(alert.id));
  root.ele('sender').txt(alert.sender);
  root.ele('sent').txt(capDateTime(alert.sent));
  root.ele('status').txt(capStatus(c.exercise));
  root.ele('msgType').txt(alert.msgType);
  root.ele('scope').txt('Public');
  if (c.exercise) root.ele('note').txt('ÖVNING / EXERCISE');
  if (alert.references) {
    const r = alert.references;
    root.ele('references').txt(`${r.sender},${capIdentifier(r.id)},${capDateTime(r.sent)}`);
  }
  for (const language of ['sv', 'en'] as const) {
    const text = language === 'sv' ? c.sv : c.en;
    if (!text) continue;
    const w = words[language];
    const info = root.ele('info');
    info.ele('language').txt(w.language);
    info.ele('category').txt('Other');
    info.ele('event').txt(w.event);
    info.ele('urgency').txt('Unknown');
    info.ele('severity').txt('Unknown');
    info.ele('certainty').txt('Unknown');
    if (c.audiences.length > 0) info.ele('audience').txt(c.audiences.join(', '));
    info.ele('senderName').txt(c.responsibleActorName);
    const cancelled = alert.msgType === 'Cancel' ? `${w.withdrawn}: ` : '';
    const exercise = c.exercise ? `${w.exercise}: ` : '';
    info.ele('headline').txt(`${exercise}${cancelled}${text.headline}`);
    const description =
      alert.msgType === 'Cancel' && c.withdrawReason ? `${c.withdrawReason}\n\n${text.body}` : text.body;
    info.ele('description').txt(description);
    if (text.instruction && alert.msgType !== 'Cancel') info.ele('instruction').txt(text.instruction);
    info.ele('web').txt(c.web);
    const area = info.ele('area');
    area.ele('areaDesc').txt(c.areas.map(areaName).join(', '));
    for (const code of c.areas) {
      const geocode = area.ele('geocode');
      if (code === WHOLE_COUNTY) {
        geocode.ele('valueName').txt('SCB-lanskod');
        geocode.ele('value').txt(COUNTY_CODE);
      } else {
        geocode.ele('valueName').txt('SCB-kommunkod');
        geocode.ele('value').txt(code);
      }
    }
  }
  return doc.end({ prettyPrint: true });
}
