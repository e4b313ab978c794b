import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';

export const languages = ['sv', 'en'] as const;
export type Language = (typeof languages)[number];

const sv = {
  app: {
    name: 'Samverkan',
    region: 'Stockholmsregionen',
    loading: 'Laddar…',
    skipToContent: 'Hoppa till innehållet',
  },
  lang: { label: 'Språk', sv: 'Svenska', en: 'English' },
  login: {
    title: 'Logga in',
    intro: 'Samverkansplattformen för aktörerna i Stockholms län.',
    email: 'E-postadress',
    password: 'Lösenord',
    submit: 'Logga in',
    submitting: 'Loggar in…',
    invalid: 'Fel e-postadress eller lösenord',
    tooMany: 'För många inloggningsförsök. Vänta en stund och försök igen.',
  },
  header: {
    signedInAs: 'Inloggad som',
    logout: 'Logga ut',
  },
  roles: {
    admin: 'Administratör',
    coordinator: 'Regional samordnare',
    duty_officer: 'Tjänsteman i beredskap (TiB)',
    communicator: 'Kommunikatör (KiB)',
    viewer: 'Läsare',
  },
  connection: {
    label: 'Liveuppdateringar',
    connecting: 'Ansluter…',
    live: 'Ansluten',
    reconnecting: 'Återansluter…',
    offline: 'Frånkopplad',
  },
  mode: {
    loading: 'Hämtar läge…',
    ordinary: 'Ordinarie läge',
    activated: 'AKTIVERAT LÄGE',
    ordinaryText: 'Samverkan sker i ordinarie former med veckovis samverkanskonferens.',
    since: 'Sedan {{time}}',
    ongoing: 'pågått {{duration}}',
    decidedBy: 'Beslutat av {{name}}, {{actor}}',
    endedBy: 'Senaste aktiveringen avslutades av {{name}}, {{actor}}',
    reason: 'Anledning',
  },
  actions: {
    requestActivation: 'Begär aktivering av SSR',
    activate: 'Aktivera SSR',
    deactivate: 'Avsluta aktivering',
    cancel: 'Avbryt',
    close: 'Stäng',
    sending: 'Skickar…',
  },
  form: {
    title: 'Rubrik',
    titleHint: 'Kort beskrivning av händelsen, t.ex. ”Omfattande elavbrott södra länet”.',
    reason: 'Anledning',
    requestReasonHint: 'Varför behövs gemensam samverkan? Vad har hänt och vad ser ni behov av?',
    required: 'obligatoriskt',
    noClassified: 'Skriv aldrig säkerhetsskyddsklassificerade uppgifter här. Sådant hanteras i annan kanal.',
  },
  request: {
    dialogTitle: 'Begär aktivering av SSR',
    dialogIntro:
      'Begäran går till regional samordnande funktion (RSIB / TiB Länsstyrelsen), som bedömer den och aktiverar eller avslår med motivering.',
    submit: 'Skicka begäran',
    sent: 'Begäran har skickats till regional samordnande funktion.',
    alreadyActivated: 'SSR är redan aktiverat.',
  },
  activate: {
    dialogTitle: 'Aktivera SSR',
    fromRequestTitle: 'Aktivera SSR utifrån begäran',
    intro:
      'Alla aktörer kallas in till samverkan. Varje aktör behåller ansvaret för sitt eget område (ansvarsprincipen).',
    fromRequest: 'Begärd av {{name}}, {{actor}} – {{time}}',
    submit: 'Aktivera SSR',
  },
  deactivate: {
    dialogTitle: 'Avsluta aktivering',
    intro: 'SSR återgår till ordinarie läge. Ange varför aktiveringen avslutas.',
    current: 'Pågående: {{title}}',
    submit: 'Avsluta aktivering',
  },
  decline: {
    button: 'Avslå',
    dialogTitle: 'Avslå begäran',
    intro: 'Den som begärde aktivering får se motiveringen.',
    reason: 'Motivering',
    submit: 'Avslå begäran',
  },
  requests: {
    title: 'Begäran om aktivering',
    ownTitle: 'Din aktörs begäran om aktivering',
    none: 'Inga väntande begäranden.',
    noneOwn: 'Din aktör har ingen väntande begäran.',
    requestedBy: '{{name}}, {{actor}}',
    activate: 'Aktivera',
    decline: 'Avslå',
    status: {
      pending: 'Väntar på beslut',
      accepted: 'Beviljad',
      declined: 'Avslagen',
    },
    decidedBy: 'Beslut av {{name}}, {{actor}}',
    declineReason: 'Motivering',
    count_one: '{{count}} väntande',
    count_other: '{{count}} väntande',
  },
  actors: {
    title: 'Aktörer',
    count: '{{count}} aktörer',
    loading: 'Hämtar aktörer…',
    failed: 'Kunde inte hämta aktörerna.',
    category: {
      kommun: 'Kommun',
      blaljus: 'Blåljus',
      trafik: 'Trafik',
      stat_region: 'Stat/Region',
    },
  },
  history: {
    title: 'Aktiveringar',
    caption: 'Alla aktiveringar av SSR, senaste först',
    empty: 'SSR har inte aktiverats ännu.',
    loading: 'Hämtar historik…',
    failed: 'Kunde inte hämta historiken.',
    col: {
      title: 'Rubrik',
      reason: 'Anledning',
      requestedBy: 'Begärd av',
      activated: 'Aktiverad',
      deactivated: 'Avslutad',
      duration: 'Varaktighet',
    },
    direct: 'Direkt beslut',
    ongoing: 'Pågår',
    deactivationReason: 'Anledning: {{reason}}',
  },
  validation: {
    required: 'Fältet måste fyllas i.',
    tooLong: 'Högst {{max}} tecken.',
    email: 'Ange en giltig e-postadress.',
    invalid: 'Ogiltigt värde.',
  },
  errors: {
    network: 'Kunde inte nå servern. Kontrollera anslutningen och försök igen.',
    unauthorized: 'Du är inte längre inloggad.',
    forbidden: 'Din roll får inte göra detta.',
    notFound: 'Hittades inte.',
    tooMany: 'För många försök. Vänta en stund och försök igen.',
    invalid: 'Kontrollera de markerade fälten.',
    stale: 'Läget har ändrats sedan du senast såg det. Se det aktuella läget och besluta igen.',
    alreadyActivated: 'SSR är redan aktiverat.',
    alreadyOrdinary: 'SSR är redan i ordinarie läge.',
    requestDecided: 'Begäran är redan besvarad.',
    currentState: 'Aktuellt läge',
    generic: 'Något gick fel: {{message}}',
  },
};

type Resource = typeof sv;
type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };

const en: DeepStrings<Resource> = {
  app: {
    name: 'Samverkan',
    region: 'Stockholm Region',
    loading: 'Loading…',
    skipToContent: 'Skip to content',
  },
  lang: { label: 'Language', sv: 'Svenska', en: 'English' },
  login: {
    title: 'Sign in',
    intro: 'The collaboration platform of the actors in Stockholm County.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    invalid: 'Wrong email address or password',
    tooMany: 'Too many sign-in attempts. Wait a moment and try again.',
  },
  header: {
    signedInAs: 'Signed in as',
    logout: 'Sign out',
  },
  roles: {
    admin: 'Administrator',
    coordinator: 'Regional coordinator',
    duty_officer: 'Duty officer (TiB)',
    communicator: 'Communicator (KiB)',
    viewer: 'Viewer',
  },
  connection: {
    label: 'Live updates',
    connecting: 'Connecting…',
    live: 'Connected',
    reconnecting: 'Reconnecting…',
    offline: 'Disconnected',
  },
  mode: {
    loading: 'Loading mode…',
    ordinary: 'Ordinary mode',
    activated: 'ACTIVATED MODE',
    ordinaryText: 'Collaboration runs in its ordinary form with a weekly collaboration conference.',
    since: 'Since {{time}}',
    ongoing: 'for {{duration}}',
    decidedBy: 'Decided by {{name}}, {{actor}}',
    endedBy: 'The last activation was ended by {{name}}, {{actor}}',
    reason: 'Reason',
  },
  actions: {
    requestActivation: 'Request activation of SSR',
    activate: 'Activate SSR',
    deactivate: 'End activation',
    cancel: 'Cancel',
    close: 'Close',
    sending: 'Sending…',
  },
  form: {
    title: 'Title',
    titleHint: 'A short description of the event, e.g. “Widespread power outage, southern county”.',
    reason: 'Reason',
    requestReasonHint: 'Why is joint collaboration needed? What has happened and what needs do you see?',
    required: 'required',
    noClassified:
      'Never enter information classified under the Protective Security Act here; it is handled in another channel.',
  },
  request: {
    dialogTitle: 'Request activation of SSR',
    dialogIntro:
      'The request goes to the regional duty function (RSIB / TiB Länsstyrelsen), which assesses it and activates, or declines with a reason.',
    submit: 'Send request',
    sent: 'The request has been sent to the regional duty function.',
    alreadyActivated: 'SSR is already activated.',
  },
  activate: {
    dialogTitle: 'Activate SSR',
    fromRequestTitle: 'Activate SSR from a request',
    intro: 'Every actor is called in. Each actor keeps the responsibility for its own area.',
    fromRequest: 'Requested by {{name}}, {{actor}} – {{time}}',
    submit: 'Activate SSR',
  },
  deactivate: {
    dialogTitle: 'End activation',
    intro: 'SSR returns to ordinary mode. Give the reason for ending the activation.',
    current: 'Ongoing: {{title}}',
    submit: 'End activation',
  },
  decline: {
    button: 'Decline',
    dialogTitle: 'Decline request',
    intro: 'Whoever requested activation will see the reason.',
    reason: 'Reason',
    submit: 'Decline request',
  },
  requests: {
    title: 'Activation requests',
    ownTitle: 'Your actor’s activation requests',
    none: 'No pending requests.',
    noneOwn: 'Your actor has no pending request.',
    requestedBy: '{{name}}, {{actor}}',
    activate: 'Activate',
    decline: 'Decline',
    status: {
      pending: 'Awaiting decision',
      accepted: 'Accepted',
      declined: 'Declined',
    },
    decidedBy: 'Decided by {{name}}, {{actor}}',
    declineReason: 'Reason',
    count_one: '{{count}} pending',
    count_other: '{{count}} pending',
  },
  actors: {
    title: 'Actors',
    count: '{{count}} actors',
    loading: 'Loading actors…',
    failed: 'Could not load the actors.',
    category: {
      kommun: 'Municipality',
      blaljus: 'Emergency services',
      trafik: 'Transport',
      stat_region: 'State/Region',
    },
  },
  history: {
    title: 'Activations',
    caption: 'Every activation of SSR, newest first',
    empty: 'SSR has not been activated yet.',
    loading: 'Loading history…',
    failed: 'Could not load the history.',
    col: {
      title: 'Title',
      reason: 'Reason',
      requestedBy: 'Requested by',
      activated: 'Activated',
      deactivated: 'Ended',
      duration: 'Duration',
    },
    direct: 'Direct decision',
    ongoing: 'Ongoing',
    deactivationReason: 'Reason: {{reason}}',
  },
  validation: {
    required: 'This field is required.',
    tooLong: 'At most {{max}} characters.',
    email: 'Enter a valid email address.',
    invalid: 'Invalid value.',
  },
  errors: {
    network: 'Could not reach the server. Check the connection and try again.',
    unauthorized: 'You are no longer signed in.',
    forbidden: 'Your role may not do this.',
    notFound: 'Not found.',
    tooMany: 'Too many attempts. Wait a moment and try again.',
    invalid: 'Check the marked fields.',
    stale: 'The mode changed since you last saw it. Look at the current state and decide again.',
    alreadyActivated: 'SSR is already activated.',
    alreadyOrdinary: 'SSR is already in ordinary mode.',
    requestDecided: 'The request has already been answered.',
    currentState: 'Current mode',
    generic: 'Something went wrong: {{message}}',
  },
};

export const resources = { sv: { translation: sv }, en: { translation: en } } as const;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Resource };
  }
}

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources,
    fallbackLng: 'sv',
    supportedLngs: [...languages],
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    // Swedish unless the user chose otherwise here (or asked with ?lng=en).
    detection: {
      order: ['querystring', 'localStorage'],
      caches: ['localStorage'],
      lookupLocalStorage: 'samverkan.lang',
    },
    interpolation: { escapeValue: false },
    returnNull: false,
  });

function syncDocumentLanguage(language: string): void {
  document.documentElement.lang = language.slice(0, 2);
}
syncDocumentLanguage(i18n.resolvedLanguage ?? 'sv');
i18n.on('languageChanged', syncDocumentLanguage);

/** The current language, reduced to one the dashboard speaks. */
export function currentLanguage(): Language {
  return i18n.resolvedLanguage === 'en' ? 'en' : 'sv';
}

export default i18n;
