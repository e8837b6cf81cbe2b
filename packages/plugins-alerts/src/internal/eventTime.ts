import type { VigilEvent } from '@vigil/core';

/** Event time in epoch milliseconds: `utctimestamp`, else `receivedtimestamp`, else now. */
export function eventTimeMs(event: VigilEvent): number {
  const t = Date.parse(event.utctimestamp);
  if (!Number.isNaN(t)) return t;
  const r = Date.parse(event.receivedtimestamp);
  return Number.isNaN(r) ? Date.now() : r;
}
