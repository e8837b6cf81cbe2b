const DAY_MS = 86_400_000;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** `<prefix>-YYYYMMDD` of the UTC day of `time`. */
export function dailyIndex(prefix: string, time: Date): string {
  return `${prefix}-${pad(time.getUTCFullYear(), 4)}${pad(time.getUTCMonth() + 1, 2)}${pad(time.getUTCDate(), 2)}`;
}

/** `<prefix>-YYYYMM` of the UTC month of `time`. */
export function monthlyIndex(prefix: string, time: Date): string {
  return `${prefix}-${pad(time.getUTCFullYear(), 4)}${pad(time.getUTCMonth() + 1, 2)}`;
}

/** Start (UTC midnight) of the day in a daily index name of this prefix, or null when the name is not one. */
export function dayOfIndex(prefix: string, name: string): Date | null {
  if (!name.startsWith(`${prefix}-`)) return null;
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(name.slice(prefix.length + 1));
  if (match === null) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = new Date(Date.UTC(year, month - 1, day));
  // Refuse impossible dates such as 20240231 rather than rolling them over.
  if (time.getUTCFullYear() !== year || time.getUTCMonth() !== month - 1 || time.getUTCDate() !== day) return null;
  return time;
}

/**
 * Daily indices (of `names`) entirely older than `days` whole days before `now`: an index is kept while its day
 * is today or one of the `days` days before it.
 */
export function indicesOlderThan(prefix: string, names: readonly string[], days: number, now: Date): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const cutoff = today - days * DAY_MS;
  return names.filter((name) => {
    const day = dayOfIndex(prefix, name);
    return day !== null && day.getTime() < cutoff;
  }).sort();
}

/** The day before `now` (UTC). */
export function yesterday(now: Date): Date {
  return new Date(now.getTime() - DAY_MS);
}
