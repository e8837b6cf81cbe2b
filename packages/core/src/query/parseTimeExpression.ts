const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RELATIVE_STEP = /([+-])(\d{1,9})([smhdwMy])|\/([smhdwMy])/y;

const FIXED_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/**
 * Parses a point in time: ISO-8601 (`2024-01-02`, `2024-01-02T03:04:05Z`, with an offset such as `+01:00`;
 * no offset means UTC) or date math relative to `now`: `now`, `now-15m`, `now+1h`, `now-7d`, and rounding
 * down to a unit with `/` (`now-1d/d` is the start of yesterday, UTC). Units: s, m, h, d, w (weeks start on
 * Monday when rounding), M (months) and y (years). Returns `null` when the text is neither.
 */
export function parseTimeExpression(value: string, now: Date = new Date()): Date | null {
  const text = value.trim();
  if (text.startsWith('now')) return parseRelative(text, now);
  return parseIso(text);
}

function parseRelative(text: string, now: Date): Date | null {
  let time = new Date(now.getTime());
  if (Number.isNaN(time.getTime())) return null;
  RELATIVE_STEP.lastIndex = 3;
  while (RELATIVE_STEP.lastIndex < text.length) {
    const start = RELATIVE_STEP.lastIndex;
    const step = RELATIVE_STEP.exec(text);
    if (step === null || step.index !== start) return null;
    if (step[4] !== undefined) {
      time = roundDown(time, step[4]);
    } else {
      const amount = Number(step[2]) * (step[1] === '-' ? -1 : 1);
      time = add(time, amount, step[3] as string);
    }
    if (Number.isNaN(time.getTime())) return null;
  }
  return time;
}

function add(time: Date, amount: number, unit: string): Date {
  const result = new Date(time.getTime());
  if (unit === 'M') result.setUTCMonth(result.getUTCMonth() + amount);
  else if (unit === 'y') result.setUTCFullYear(result.getUTCFullYear() + amount);
  else result.setTime(result.getTime() + amount * (FIXED_MS[unit] as number));
  return result;
}

function roundDown(time: Date, unit: string): Date {
  const y = time.getUTCFullYear();
  const mo = time.getUTCMonth();
  const d = time.getUTCDate();
  switch (unit) {
    case 'y':
      return new Date(Date.UTC(y, 0, 1));
    case 'M':
      return new Date(Date.UTC(y, mo, 1));
    case 'w': {
      const mondayOffset = (time.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, mo, d - mondayOffset));
    }
    case 'd':
      return new Date(Date.UTC(y, mo, d));
    default: {
      const size = FIXED_MS[unit] as number;
      return new Date(Math.floor(time.getTime() / size) * size);
    }
  }
}

function parseIso(text: string): Date | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hour = Number(m[4] ?? 0);
  const minute = Number(m[5] ?? 0);
  const second = Number(m[6] ?? 0);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (digits.length !== 2 && digits.length !== 4) return null;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  date.setTime(date.getTime() - offsetMinutes * 60_000);
  return Number.isNaN(date.getTime()) ? null : date;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return new Date(Date.UTC(2001, month, 0)).getUTCDate();
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
