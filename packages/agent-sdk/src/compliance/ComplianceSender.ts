import type { ComplianceItem } from './ComplianceItem';

/** Outcome of {@link ComplianceSender.send}. */
export type ComplianceSendResult =
  | { ok: true; sent: number }
  | { ok: false; code: 'REJECTED' | 'UNAVAILABLE' | 'PARTIAL'; reason: string; sent: number };

/** Sends compliance items as events into a Vigil (or MozDef) pipeline. */
export interface ComplianceSender {
  /** `compliance:http` or `compliance:amqp`. */
  readonly name: string;
  /** Sends items; failures are values. */
  send(items: readonly ComplianceItem[]): Promise<ComplianceSendResult>;
  /** Releases connections. Safe to call twice. */
  close(): Promise<void>;
}
