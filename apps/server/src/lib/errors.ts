import type { ErrorBody } from '@samverkan/contracts';

/** An error the API reports as is: status, a stable code and a message meant for people. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody & Record<string, unknown> {
    return { error: this.code, message: this.message, ...this.extra };
  }
}

export const badRequest = (message: string, details?: unknown) =>
  new HttpError(400, 'bad_request', message, details === undefined ? {} : { details });
export const unauthorized = (message = 'Not logged in') => new HttpError(401, 'unauthorized', message);
export const forbidden = (message = 'Not allowed for your role') => new HttpError(403, 'forbidden', message);
export const notFound = (message = 'Not found') => new HttpError(404, 'not_found', message);
export const conflict = (message: string, extra: Record<string, unknown> = {}) =>
  new HttpError(409, 'conflict', message, extra);
export const tooManyRequests = (message: string) => new HttpError(429, 'too_many_requests', message);

/** A 400 in the shape of a schema validation error, for a rule the schema cannot check (e.g. an unknown id). */
export const invalidField = (path: string, message: string) =>
  new HttpError(400, 'validation', `Invalid body: ${path}`, { details: [{ path, message }] });
