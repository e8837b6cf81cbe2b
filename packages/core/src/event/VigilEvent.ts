/** RFC 5424 severity names, upper-case, as stored on every event. */
export type Severity = 'DEBUG' | 'INFO' | 'NOTICE' | 'WARNING' | 'ERROR' | 'CRITICAL' | 'ALERT' | 'EMERGENCY';

/**
 * The normalized event: MozDef's event format plus a stable `id`.
 * Every source's input is normalized to this shape before plugins see it.
 */
export interface VigilEvent {
  /** Stable unique id (a time-ordered UUID v7 unless the input carried one); makes writes idempotent. */
  id: string;
  /** When the event happened, UTC ISO-8601 with milliseconds (`2024-01-02T03:04:05.000Z`). */
  utctimestamp: string;
  /** When Vigil received it, UTC ISO-8601. */
  receivedtimestamp: string;
  /** The event's own timestamp as normalized to UTC ISO-8601 (same instant as `utctimestamp`). */
  timestamp: string;
  /** Host the event is about or came from. */
  hostname: string;
  /** Program that emitted the event. */
  processname: string;
  /** Process id as text (syslog carries it as text); empty when unknown. */
  processid: string;
  /** RFC 5424 severity name. */
  severity: Severity;
  /** Human-readable one-line summary; full-text searchable. */
  summary: string;
  /** Event category, e.g. `authentication`, `syslog`, `bro`. */
  category: string;
  /** Where the event came from (shipper or log type), e.g. `sshd`, `cloudtrail`. */
  source: string;
  /** Free-form tags. */
  tags: string[];
  /** Everything else, parsed. Plugins put what they extract here. */
  details: Record<string, unknown>;
  /** Names of the enrichment plugins that ran on this event (returned it), in order, each once per run. */
  plugins?: string[];
  /** Event type (`event` by default; `alert`, `complianceitem`, …). */
  type?: string;
}
