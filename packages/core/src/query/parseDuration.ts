const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a duration such as `30s`, `15m`, `1h`, `7d` or `2w` (a whole number and one unit: s, m, h, d, w)
 * into milliseconds. Returns `null` when the text is not such a duration.
 */
export function parseDuration(value: string): number | null {
  const match = /^(\d{1,9})([smhdw])$/.exec(value.trim());
  if (match === null) return null;
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}
