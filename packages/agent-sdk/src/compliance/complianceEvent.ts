import { randomUUID } from 'node:crypto';
import type { ComplianceItem } from './ComplianceItem';

/** A compliance item as a Vigil (MozDef-format) event: category `complianceitems`, the item under `details`. */
export interface ComplianceEvent {
  /** Unique id. */
  id: string;
  /** When the check ran. */
  utctimestamp: string;
  /** Same instant. */
  timestamp: string;
  /** The host checked. */
  hostname: string;
  /** Program that produced the event. */
  processname: string;
  /** Empty: not a process event. */
  processid: string;
  /** `INFO` when compliant, `WARNING` otherwise. */
  severity: 'INFO' | 'WARNING';
  /** One line for people. */
  summary: string;
  /** Always `complianceitems`. */
  category: 'complianceitems';
  /** Always `vigil-agent`. */
  source: string;
  /** `compliance` and the policy level. */
  tags: string[];
  /** Always `complianceitem`. */
  type: 'complianceitem';
  /** The compliance item itself. */
  details: ComplianceItem;
}

/** Wraps a compliance item in the event a Vigil pipeline ingests (MozDef's `complianceitems` convention). */
export function complianceEvent(item: ComplianceItem): ComplianceEvent {
  return {
    id: randomUUID(),
    utctimestamp: item.utctimestamp,
    timestamp: item.utctimestamp,
    hostname: item.target,
    processname: 'vigil-agent',
    processid: '',
    severity: item.compliance ? 'INFO' : 'WARNING',
    summary: `${item.compliance ? 'compliant' : 'NOT compliant'}: ${item.target} ${item.check.ref} ${item.check.description}`,
    category: 'complianceitems',
    source: 'vigil-agent',
    tags: ['compliance', item.policy.level],
    type: 'complianceitem',
    details: item,
  };
}
