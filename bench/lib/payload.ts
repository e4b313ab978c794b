/**
 * A `mode:changed` event shaped and sized like the platform's: the same
 * fields, the same demo coordinator and actor, and the same title and reason
 * that the load generator sends to the platform. Activation and deactivation
 * alternate by version, as on the platform.
 */
export const ACTIVATE_TITLE = 'Övning: elavbrott i länet';
export const ACTIVATE_REASON = 'Benchmark av lägesbyte';
export const DEACTIVATE_REASON = 'Benchmark: normalläge';

const decidedBy = {
  id: '7e753fba-6d04-47e4-b077-8caf5691e8b9',
  name: 'Rasmus Samordnare (RSIB)',
  actorId: 'lansstyrelsen-stockholm',
  actorName: 'Länsstyrelsen i Stockholms län',
};

export function modeChangedEvent(seq: number, version: number, at = new Date()) {
  const activated = version % 2 === 1;
  const iso = at.toISOString();
  return {
    type: 'mode:changed' as const,
    seq,
    at: iso,
    data: {
      state: {
        mode: activated ? 'activated' : 'ordinary',
        version,
        since: iso,
        title: activated ? ACTIVATE_TITLE : null,
        reason: activated ? ACTIVATE_REASON : DEACTIVATE_REASON,
        decidedBy,
        activationId: activated ? '014fd30e-9411-4e5d-869d-d9699b40166d' : null,
      },
    },
  };
}

/** The version carried by a parsed event, or -1 when it is not a mode change. */
export function versionOf(event: unknown): number {
  const e = event as { type?: unknown; data?: { state?: { version?: unknown } } } | null;
  if (e?.type !== 'mode:changed') return -1;
  const v = e.data?.state?.version;
  return typeof v === 'number' ? v : -1;
}
