/** An rpm `[epoch:]version[-release]` split as rpm's parseEVR does. */
export interface RpmEvr {
  /** Epoch as written, `null` when absent (rpm then compares it as `0`). */
  readonly epoch: string | null;
  /** Version. */
  readonly version: string;
  /** Release, `null` when absent. */
  readonly release: string | null;
}

/**
 * Splits an EVR string like rpm: leading digits followed by `:` are the epoch (an empty epoch is `0`),
 * the text after the last `-` is the release.
 */
export function parseRpmEvr(evr: string): RpmEvr {
  let k = 0;
  while (k < evr.length && evr.charCodeAt(k) >= 0x30 && evr.charCodeAt(k) <= 0x39) k++;
  let epoch: string | null = null;
  let rest = evr;
  if (evr[k] === ':') {
    epoch = k === 0 ? '0' : evr.slice(0, k);
    rest = evr.slice(k + 1);
  }
  const dash = rest.lastIndexOf('-');
  if (dash === -1) return { epoch, version: rest, release: null };
  return { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}
