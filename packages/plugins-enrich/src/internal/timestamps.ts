import type { VigilEvent } from '@vigil/core';

const ISO_LIKE = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;

/** Epoch seconds (number or numeric text) or ISO text → ISO-8601 UTC; `undefined` if not a sane time. */
export function toIsoTime(value: unknown): string | undefined {
  let ms: number | undefined;
  if (typeof value === 'number') ms = value * 1000;
  else if (typeof value === 'string' && value.length > 0 && value.length < 40) {
    if (ISO_LIKE.test(value)) ms = Date.parse(value);
    else if (/^\d{9,11}(?:\.\d{1,9})?$/.test(value)) ms = Number(value) * 1000;
  }
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0 || ms > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

/** Sets `utctimestamp` and `timestamp` from the source's own event time when it parses. */
export function applyEventTime(event: VigilEvent, value: unknown): void {
  const iso = toIsoTime(value);
  if (iso === undefined) return;
  event.utctimestamp = iso;
  event.timestamp = iso;
}
