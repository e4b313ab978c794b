import { type CalloutStatus, type CalloutSummary, type DeliveryStatus, median } from '@samverkan/contracts';

/**
 * The one status shown for an actor: its acknowledgement if it has one, the
 * unreached flag, or else how far the messages to the contact now being
 * called have come (the best of its channels).
 */
export function actorStatus(
  target: { status: 'pending' | 'acknowledged' | 'unreached' },
  currentStepDeliveries: readonly DeliveryStatus[],
): CalloutStatus {
  if (target.status === 'acknowledged') return 'acknowledged';
  if (target.status === 'unreached') return 'unreached';
  for (const best of ['delivered', 'sent', 'queued'] as const) {
    if (currentStepDeliveries.includes(best)) return best;
  }
  return currentStepDeliveries.length > 0 ? 'failed' : 'queued';
}

export function summarize(
  actors: readonly { status: CalloutStatus; secondsToAcknowledge: number | null }[],
): CalloutSummary {
  const count = (s: CalloutStatus) => actors.filter((a) => a.status === s).length;
  const times = actors.flatMap((a) => (a.secondsToAcknowledge === null ? [] : [a.secondsToAcknowledge]));
  return {
    total: actors.length,
    acknowledged: count('acknowledged'),
    unreached: count('unreached'),
    failed: count('failed'),
    medianSecondsToAcknowledge: median(times),
  };
}

/** Hides most of an address from those who only need to know a channel was used. */
export function maskAddress(channel: 'email' | 'sms' | 'webhook', address: string): string {
  if (channel === 'email') {
    const [local = '', domain = ''] = address.split('@');
    return `${local.slice(0, 1)}…@${domain}`;
  }
  if (channel === 'sms') return `${address.slice(0, 4)}…${address.slice(-2)}`;
  try {
    return new URL(address).origin;
  } catch {
    return '…';
  }
}
