import { PermanentDeliveryError, TransientDeliveryError } from './types.ts';

/** How a receiver's HTTP status is taken: 2xx done, 408/429/5xx retried, anything else given up. */
export function classifyHttpStatus(status: number): 'ok' | 'transient' | 'permanent' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 408 || status === 429 || status >= 500) return 'transient';
  return 'permanent';
}

export interface HttpReply {
  status: number;
  body: string;
}

const MAX_REPLY_CHARS = 64 * 1024;

/**
 * POSTs a JSON body and reads the reply within `timeoutMs` (connecting,
 * waiting and reading together). Redirects are not followed: a POST that is
 * redirected would arrive as a GET, or not at all. Throws
 * TransientDeliveryError on timeouts, network errors and 408/429/5xx, and
 * PermanentDeliveryError on any other status outside 2xx.
 */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  what: string,
): Promise<HttpReply> {
  const signal = AbortSignal.timeout(timeoutMs);
  let status: number;
  let text: string;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Samverkan/1', ...headers },
      body,
      redirect: 'manual',
      signal,
    });
    status = res.status;
    text = (await res.text()).slice(0, MAX_REPLY_CHARS);
  } catch (err) {
    if (signal.aborted) {
      throw new TransientDeliveryError('timeout', `${what} did not answer within ${timeoutMs} ms`, { cause: err });
    }
    throw new TransientDeliveryError('network', `${what} could not be reached: ${describe(err)}`, { cause: err });
  }
  const verdict = classifyHttpStatus(status);
  if (verdict === 'ok') return { status, body: text };
  const message = `${what} answered HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (verdict === 'transient') throw new TransientDeliveryError(`http_${status}`, message);
  throw new PermanentDeliveryError(`http_${status}`, message);
}

/** The innermost message of a fetch error (undici puts the system error in `cause`). */
function describe(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) e = e.cause;
  return e instanceof Error ? e.message : String(e);
}
