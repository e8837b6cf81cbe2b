import type { Severity } from '@vigil/core';
import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link suricataAlert}. */
export interface SuricataAlertOptions {
  /** Highest Suricata severity number that alerts (1 is the most severe). @default 2 */
  maxSeverity?: number;
}

const SEVERITY: Readonly<Record<number, Severity>> = { 1: 'CRITICAL', 2: 'ERROR', 3: 'WARNING', 4: 'NOTICE' };

/** Suricata alerts of severity 1-2 (configurable), one per signature and source. */
export function suricataAlert(options: SuricataAlertOptions = {}): RulePlugin {
  const max = options.maxSeverity ?? 2;
  const level = (e: { details: Record<string, unknown> }): number | undefined => {
    const a = e.details['alert'];
    const s = a !== null && typeof a === 'object' ? Number((a as Record<string, unknown>)['severity']) : Number.NaN;
    return Number.isInteger(s) ? s : undefined;
  };
  return defineRule({
    id: 'suricata-alert',
    name: 'Suricata alert',
    severity: SEVERITY[max] ?? 'WARNING',
    category: 'ids',
    tags: ['suricata', 'ids'],
    summary: (d) => {
      const e = d.events[0];
      const a = (e?.details['alert'] ?? {}) as Record<string, unknown>;
      return `Suricata severity ${String(a['severity'])}: ${String(a['signature'])} from ${String(e?.details['sourceipaddress'])} to ${String(e?.details['destinationipaddress'])}`;
    },
    throttle: '10m',
    detect: {
      type: 'match',
      where: (e) => {
        if (e.category !== 'suricata' || e.details['type'] !== 'alert') return false;
        const s = level(e);
        return s !== undefined && s <= max;
      },
      groupBy: ['details.alert.signature_id', 'details.sourceipaddress'],
    },
  });
}
