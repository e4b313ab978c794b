import {
  type AckBody,
  type ActivateBody,
  type Activation,
  type ActivationRequest,
  type ActivationRequestBody,
  type Actor,
  type AgreeBody,
  type Callout,
  type CalloutBody,
  type CommentBody,
  type ConsultBody,
  type Contact,
  type ContactBody,
  type CreateMessageBody,
  type DeactivateBody,
  type DeclineBody,
  type EditMessageBody,
  type ErrorBody,
  ErrorBodySchema,
  type FailedDelivery,
  type InAppNotification,
  type LoginBody,
  type Message,
  type MessageConflictBody,
  MessageConflictBodySchema,
  type MessageStatus,
  type MessageSummary,
  type ModeState,
  ModeStateSchema,
  type NeedStatus,
  type NewVersionBody,
  type ObjectBody,
  type Publication,
  type PublicationSummary,
  type Report,
  type ReportBody,
  type Sector,
  type SectorBody,
  type Situation,
  type User,
  type WithdrawBody,
} from '@samverkan/contracts';

/** One field problem of a 400, as the API names it (`title`, `body.reason`, …). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A failed API call: the HTTP status and the API's own error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }

  get code(): string {
    return this.body.error;
  }

  /** The field problems of a 400, if the API listed them. */
  get fieldProblems(): FieldProblem[] {
    const details = this.body.details;
    if (!Array.isArray(details)) return [];
    return details.filter(
      (d): d is FieldProblem =>
        typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string',
    );
  }

  /** The desk's 409 body (`edit_conflict`, `stale_revision`, `agreements_missing`…), if this is one. */
  get messageConflict(): MessageConflictBody | undefined {
    if (this.status !== 409) return undefined;
    const parsed = MessageConflictBodySchema.safeParse(this.body);
    return parsed.success ? parsed.data : undefined;
  }

  /** The current mode state a 409 on a mode change carries, if any. */
  get currentMode(): ModeState | undefined {
    const parsed = ModeStateSchema.safeParse((this.body as { current?: unknown }).current);
    return parsed.success ? parsed.data : undefined;
  }
}

/** The network failed (no answer at all). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super('network error', { cause });
    this.name = 'NetworkError';
  }
}

async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new NetworkError(err);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const parsed = ErrorBodySchema.safeParse(json);
    throw new ApiError(
      res.status,
      parsed.success
        ? { ...(json as object), ...parsed.data }
        : { error: `http_${res.status}`, message: res.statusText },
    );
  }
  return json as T;
}

export const api = {
  login: (body: LoginBody) => request<{ user: User }>('POST', '/api/auth/login', body),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<{ user: User }>('GET', '/api/auth/me'),
  actors: () => request<Actor[]>('GET', '/api/actors'),
  mode: () => request<ModeState>('GET', '/api/mode'),
  pendingRequests: () => request<ActivationRequest[]>('GET', '/api/mode/requests'),
  requestActivation: (body: ActivationRequestBody) => request<ActivationRequest>('POST', '/api/mode/requests', body),
  decline: (id: string, body: DeclineBody) =>
    request<ActivationRequest>('POST', `/api/mode/requests/${encodeURIComponent(id)}/decline`, body),
  activate: (body: ActivateBody) => request<ModeState>('POST', '/api/mode/activate', body),
  deactivate: (body: DeactivateBody) => request<ModeState>('POST', '/api/mode/deactivate', body),
  history: () => request<Activation[]>('GET', '/api/mode/history'),
  contacts: (actorId: string) => request<Contact[]>('GET', contactsPath(actorId)),
  addContact: (actorId: string, body: ContactBody) => request<Contact>('POST', contactsPath(actorId), body),
  reorderContacts: (actorId: string, contactIds: string[]) =>
    request<Contact[]>('PUT', `${contactsPath(actorId)}/order`, { contactIds }),
  removeContact: (actorId: string, contactId: string) =>
    request<void>('DELETE', `${contactsPath(actorId)}/${encodeURIComponent(contactId)}`),
  currentCallout: () => request<Callout>('GET', '/api/callouts/current'),
  sendCallout: (body: CalloutBody) => request<Callout>('POST', '/api/callouts', body),
  acknowledge: (notificationId: string, body: AckBody) =>
    request<{ acknowledged: true; alreadyAcknowledged: boolean }>(
      'POST',
      `/api/callouts/${encodeURIComponent(notificationId)}/ack`,
      body,
    ),
  notifications: () => request<InAppNotification[]>('GET', '/api/notifications'),
  failedDeliveries: () => request<FailedDelivery[]>('GET', '/api/callouts/failed'),
  retryDelivery: (deliveryId: string) =>
    request<{ queued: true }>('POST', `/api/callouts/deliveries/${encodeURIComponent(deliveryId)}/retry`),
  sectors: () => request<Sector[]>('GET', '/api/sectors'),
  /** Adds or renames a sector (admins); `position` absent keeps the place, or puts a new one last. */
  putSector: (id: string, body: Omit<SectorBody, 'id'>) =>
    request<Sector>('PUT', `/api/sectors/${encodeURIComponent(id)}`, body),
  saveReport: (body: ReportBody) => request<Report>('POST', '/api/reports', body),
  reportDraft: (actorId: string) =>
    request<Report | null>('GET', `/api/reports/draft?actorId=${encodeURIComponent(actorId)}`),
  report: (id: string) => request<Report>('GET', `/api/reports/${encodeURIComponent(id)}`),
  actorReports: (actorId: string) => request<Report[]>('GET', `/api/actors/${encodeURIComponent(actorId)}/reports`),
  situation: (at?: string) =>
    request<Situation>('GET', at ? `/api/situation?at=${encodeURIComponent(at)}` : '/api/situation'),
  publications: () => request<PublicationSummary[]>('GET', '/api/situation/publications'),
  publication: (id: string) => request<Publication>('GET', publicationPath(id)),
  publish: () => request<Publication>('POST', '/api/situation/publications'),
  openRound: (deadline: string) => request<{ number: number }>('POST', '/api/situation/rounds', { deadline }),
  remind: () => request<{ actorIds: string[]; notificationId: string | null }>('POST', '/api/situation/reminders'),
  writeSummary: (text: string) => request<{ period: string }>('PUT', '/api/situation/summary', { text }),
  setNeedStatus: (needId: string, status: NeedStatus) =>
    request<{ status: NeedStatus }>('PATCH', `/api/situation/needs/${encodeURIComponent(needId)}`, { status }),
  messages: (status?: MessageStatus) =>
    request<MessageSummary[]>('GET', status ? `/api/messages?status=${encodeURIComponent(status)}` : '/api/messages'),
  message: (id: string) => request<Message>('GET', messagePath(id)),
  createMessage: (body: CreateMessageBody) => request<Message>('POST', '/api/messages', body),
  editMessage: (id: string, body: EditMessageBody) => request<Message>('PATCH', messagePath(id), body),
  consultMessage: (id: string, body: ConsultBody) => request<Message>('POST', `${messagePath(id)}/consult`, body),
  agreeMessage: (id: string, body: AgreeBody) => request<Message>('POST', `${messagePath(id)}/agree`, body),
  objectMessage: (id: string, body: ObjectBody) => request<Message>('POST', `${messagePath(id)}/object`, body),
  commentMessage: (id: string, body: CommentBody) => request<Message>('POST', `${messagePath(id)}/comment`, body),
  publishMessage: (id: string, revision: number) =>
    request<Message>('POST', `${messagePath(id)}/publish`, { revision }),
  newMessageVersion: (id: string, body: NewVersionBody = {}) =>
    request<Message>('POST', `${messagePath(id)}/update`, body),
  withdrawMessage: (id: string, body: WithdrawBody) => request<Message>('POST', `${messagePath(id)}/withdraw`, body),
};

function messagePath(id: string): string {
  return `/api/messages/${encodeURIComponent(id)}`;
}

/** One published picture: JSON here, CSV at `${publicationPath(id)}/csv`. */
export function publicationPath(id: string): string {
  return `/api/situation/publications/${encodeURIComponent(id)}`;
}

/** A report version as EDXL-SitRep XML. */
export function sitrepPath(reportId: string): string {
  return `/api/reports/${encodeURIComponent(reportId)}/sitrep.xml`;
}

function contactsPath(actorId: string): string {
  return `/api/actors/${encodeURIComponent(actorId)}/contacts`;
}

/** The fresh mode state a 409 on a mode change carries, if the error is one. */
export function conflictState(err: unknown): ModeState | undefined {
  return err instanceof ApiError && err.status === 409 ? err.currentMode : undefined;
}
