import { parseDuration, VigilError } from '@vigil/core';

/** A duration as milliseconds or text such as `2m`, `1h`. */
export type Duration = number | string;

/** Milliseconds of a duration; throws a configuration error naming `what` when it is not one. */
export function toMs(value: Duration, what: string): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return value;
  } else {
    const ms = parseDuration(value);
    if (ms !== null) return ms;
  }
  throw new VigilError('RULE_INVALID', `${what}: "${String(value)}" is not a duration; use milliseconds or text such as 30s, 2m, 1h, 7d`);
}
