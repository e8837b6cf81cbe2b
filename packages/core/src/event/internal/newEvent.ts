import type { Severity, VigilEvent } from '../VigilEvent';

// Why constructors and not object literals: V8 "pretenures" a literal's allocation site once most objects made
// there survived a scavenge — which a burst of retained events causes (a large batch, correlation state, a test that
// keeps what it normalized). From then on every event is allocated straight in the old generation, the young
// details, tags and strings it points to are held by the remembered set until the next full collection, and each
// scavenge copies and promotes nearly everything: normalization measured 2.5 times slower once that happened.
// `new` on a plain function carries no allocation memento, so its objects are never pretenured. The prototype is
// Object.prototype, so events stay plain objects (`Object.getPrototypeOf(e) === Object.prototype`), and slack
// tracking leaves in-object room for `plugins`, which enrichment adds later.

interface EventConstructor {
  new (
    id: string,
    utctimestamp: string,
    receivedtimestamp: string,
    timestamp: string,
    hostname: string,
    processname: string,
    processid: string,
    severity: Severity,
    summary: string,
    category: string,
    source: string,
    tags: string[],
    details: Record<string, unknown>,
    type: string,
  ): VigilEvent;
}

const EventRecord = function (
  this: VigilEvent,
  id: string,
  utctimestamp: string,
  receivedtimestamp: string,
  timestamp: string,
  hostname: string,
  processname: string,
  processid: string,
  severity: Severity,
  summary: string,
  category: string,
  source: string,
  tags: string[],
  details: Record<string, unknown>,
  type: string,
): void {
  this.id = id;
  this.utctimestamp = utctimestamp;
  this.receivedtimestamp = receivedtimestamp;
  this.timestamp = timestamp;
  this.hostname = hostname;
  this.processname = processname;
  this.processid = processid;
  this.severity = severity;
  this.summary = summary;
  this.category = category;
  this.source = source;
  this.tags = tags;
  this.details = details;
  this.type = type;
} as unknown as EventConstructor;
EventRecord.prototype = Object.prototype as VigilEvent;

const DetailsRecord = function (): void {} as unknown as new () => Record<string, unknown>;
DetailsRecord.prototype = Object.prototype;

const NO_TAGS: readonly string[] = [];

/**
 * A new tags array holding `tag` (or nothing): made by `slice`, a builtin with no allocation site, because a
 * pretenured `[]` site hurt as much as a pretenured event (see above).
 */
export function newTags(tag?: string): string[] {
  const tags = NO_TAGS.slice();
  if (tag !== undefined) tags.push(tag);
  return tags;
}

/** An empty `details` object for an event that came without one: a plain object, never pretenured (see above). */
export function newDetails(): Record<string, unknown> {
  return new DetailsRecord();
}

/** A normalized event as a plain object, with the fields in the order the event model lists them. */
export function newEvent(
  id: string,
  utctimestamp: string,
  receivedtimestamp: string,
  timestamp: string,
  hostname: string,
  processname: string,
  processid: string,
  severity: Severity,
  summary: string,
  category: string,
  source: string,
  tags: string[],
  details: Record<string, unknown>,
  type: string,
): VigilEvent {
  return new EventRecord(id, utctimestamp, receivedtimestamp, timestamp, hostname, processname, processid, severity, summary, category, source, tags, details, type);
}
