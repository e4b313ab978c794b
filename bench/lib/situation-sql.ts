/** The latest-per-actor query of GET /api/situation, and a variant of it, for bench/situation.ts and its baseline. */

/** The first version of the platform's query (before latestPerActor became LATEST_LATERAL), kept for comparison. */
export const LATEST_SQL = `SELECT DISTINCT ON (actor_id) id FROM reports
  WHERE status = 'submitted' AND period = $1 AND submitted_at <= $2
  ORDER BY actor_id, submitted_at DESC, number DESC`;
/** The same rows, one index probe per actor. */
export const LATEST_LATERAL = `SELECT r.id FROM actors a CROSS JOIN LATERAL (
    SELECT id FROM reports
     WHERE status = 'submitted' AND period = $1 AND actor_id = a.id AND submitted_at <= $2
     ORDER BY submitted_at DESC, number DESC LIMIT 1) r`;
