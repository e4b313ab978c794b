/** All times are shown as in Stockholm, whatever the viewer's own clock says. */
export const TIME_ZONE = 'Europe/Stockholm';

const locales: Record<string, string> = { sv: 'sv-SE', en: 'en-GB' };
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function localeOf(language: string): string {
  return locales[language.slice(0, 2)] ?? 'sv-SE';
}

/** "23 nov. 2026 14:05" (sv) or "23 Nov 2026, 14:05" (en), in Stockholm time. */
export function formatDateTime(iso: string | Date, language: string): string {
  const locale = localeOf(language);
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: TIME_ZONE,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    dateTimeFormats.set(locale, format);
  }
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? '' : format.format(date);
}

/** A machine-readable timestamp for `<time dateTime>`. */
export function isoOf(iso: string | Date): string {
  return typeof iso === 'string' ? iso : iso.toISOString();
}

/**
 * A duration the way a duty officer says it: "2 h 14 min", "3 d 5 h",
 * "12 min", "< 1 min". Days, hours and minutes read the same in Swedish and English.
 */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  if (seconds < 60) return '< 1 min';
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** Seconds between two instants (to now when `to` is missing). */
export function secondsBetween(from: string, to: string | null, now: number = Date.now()): number {
  const end = to === null ? now : new Date(to).getTime();
  return Math.max(0, Math.round((end - new Date(from).getTime()) / 1000));
}

/**
 * A short, exact duration for times to acknowledge: "45 s", "2 min 10 s",
 * "1 h 5 min", "2 d 3 h". The units read the same in Swedish and English.
 */
export function formatSeconds(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3_600);
  const minutes = Math.floor((seconds % 3_600) / 60);
  const rest = seconds % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return rest > 0 ? `${minutes} min ${rest} s` : `${minutes} min`;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();
const dayKey = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

function cached(
  map: Map<string, Intl.DateTimeFormat>,
  locale: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  let format = map.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options });
    map.set(locale, format);
  }
  return format;
}

/**
 * A moment as a clock reading in Stockholm: `time` is "14:05"; `date` is set
 * ("23 nov.", "23 Nov") only when the moment is not today in Stockholm.
 */
export function clockParts(iso: string, language: string, now: number = Date.now()): { time: string; date?: string } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { time: '' };
  const locale = localeOf(language);
  const time = cached(clockFormats, locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  if (dayKey.format(date) === dayKey.format(new Date(now))) return { time };
  return { time, date: cached(dayFormats, locale, { day: 'numeric', month: 'short' }).format(date) };
}
