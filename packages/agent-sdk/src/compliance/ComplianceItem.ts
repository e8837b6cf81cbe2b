/** Compliance levels of test driven security, from least to most demanding. */
export type ComplianceLevel = 'low' | 'medium' | 'high' | 'maximum';

/**
 * A compliance item: the result of one check on one target, as produced by compliance actions
 * and sent as an event into a Vigil pipeline.
 */
export interface ComplianceItem {
  /** When the check ran, UTC ISO-8601. */
  utctimestamp: string;
  /** The host (or other target) checked. */
  target: string;
  /** True when the target passes the check. */
  compliance: boolean;
  /** Link to the policy or remediation. */
  link: string;
  /** The policy the check belongs to. */
  policy: { url: string; name: string; level: ComplianceLevel };
  /** The check itself. */
  check: {
    ref: string;
    description: string;
    name: string;
    location: string;
    test: { type: string; value: string };
  };
}
