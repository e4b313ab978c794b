/** Reading the bench's settings from the environment, with a clear error for a bad value. */

export function envList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  return raw.split(',').map((s) => {
    const n = Number(s.trim().replace(/_/g, ''));
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name}: not a positive integer: ${s}`);
    return n;
  });
}

export function envInt(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name}: expected an integer ≥ ${min}, got ${raw}`);
  return n;
}
