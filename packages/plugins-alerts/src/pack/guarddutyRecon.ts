import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link guarddutyRecon}. */
export interface GuarddutyReconOptions {
  /** Finding type prefixes or fragments that count. @default ['Recon:', 'PortProbe', 'PortScan'] */
  patterns?: readonly string[];
  /** Lowest GuardDuty severity (0-10) that alerts. @default 0 */
  minSeverity?: number;
}

/** GuardDuty reconnaissance and probing findings (Recon:*, *PortProbe*, *PortScan*). */
export function guarddutyRecon(options: GuarddutyReconOptions = {}): RulePlugin {
  const patterns = options.patterns ?? ['Recon:', 'PortProbe', 'PortScan'];
  const minSeverity = options.minSeverity ?? 0;
  return defineRule({
    id: 'guardduty-recon',
    name: 'GuardDuty reconnaissance finding',
    severity: 'WARNING',
    category: 'guardduty',
    tags: ['aws', 'guardduty', 'recon', 'TA0043'],
    summary: 'GuardDuty {{event.details.findingtype}} against {{event.details.instanceid}} from {{event.details.sourceipaddress}}',
    throttle: '1h',
    detect: {
      type: 'match',
      where: (e) => {
        if (e.category !== 'guardduty') return false;
        const type = e.details['findingtype'];
        const severity = e.details['findingseverity'];
        return typeof type === 'string' && patterns.some((p) => type.includes(p)) && (typeof severity !== 'number' || severity >= minSeverity);
      },
      groupBy: 'details.findingtype',
    },
  });
}
