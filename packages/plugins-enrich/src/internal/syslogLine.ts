import type { VigilEvent } from '@vigil/core';
import { containsMarker } from './containsMarker';
import { equalsLowerCase } from './equalsLowerCase';
import { MAX_PARSE_LENGTH, detailsOf, isBlank, str } from './eventFields';

/** A syslog line split into its header and message. */
export interface SyslogParts {
  hostname: string | undefined;
  program: string;
  pid: string | undefined;
  message: string;
}

// "<34>Oct 11 22:14:15 host prog[123]: msg" or "2024-01-02T03:04:05.123+00:00 host prog[1]: msg".
const WITH_HEADER =
  /^(?:<\d{1,3}>(?:1 )?)?(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?) (\S{1,255}) ([\w./-]{1,64})(?:\[(\d{1,10})\])?: ?/;
// "prog[123]: msg" without time and host.
const BARE = /^([\w./-]{1,64})(?:\[(\d{1,10})\])?: /;

/** Parses a syslog header in front of a message; `undefined` when there is none. */
export function parseSyslogLine(line: string): SyslogParts | undefined {
  let m = WITH_HEADER.exec(line);
  if (m !== null) {
    return { hostname: m[1], program: m[2] as string, pid: m[3], message: line.slice(m[0].length) };
  }
  m = BARE.exec(line);
  if (m !== null) return { hostname: undefined, program: m[1] as string, pid: m[2], message: line.slice(m[0].length) };
  return undefined;
}

/** What a syslog-line plugin works on: the program that emitted the event and its bare message. */
export interface ProgramMessage {
  program: string;
  message: string;
  header: SyslogParts | undefined;
}

/**
 * Finds the emitting program and bare message of an event: from a syslog header in `summary`
 * (or `details.message`), else from `processname`/`details.program` with the summary as the message.
 */
export function programMessage(event: VigilEvent): ProgramMessage | undefined {
  const summary = str(event.summary);
  const details = detailsOf(event);
  const rawMessage = str(details['message']);
  const candidate = summary !== undefined && summary.length > 0 ? summary : rawMessage;
  if (candidate === undefined || candidate.length > MAX_PARSE_LENGTH) return undefined;
  const header = parseSyslogLine(candidate);
  if (header !== undefined) return { program: header.program.toLowerCase(), message: header.message, header };
  const own = isBlank(event.processname) ? undefined : str(event.processname);
  const program = own || str(details['program']) || str(details['processname']) || '';
  return { program: program.toLowerCase(), message: candidate, header: undefined };
}

/** Fills hostname/processname/processid from a parsed header when the event lacks them. */
export function applyHeader(event: VigilEvent, header: SyslogParts | undefined): void {
  if (header === undefined) return;
  if (header.hostname !== undefined && isBlank(event.hostname)) {
    event.hostname = header.hostname;
  }
  if (isBlank(event.processname)) event.processname = header.program;
  if (header.pid !== undefined && (typeof event.processid !== 'string' || event.processid === '')) {
    event.processid = header.pid;
  }
}

/** Cheap check used by registration predicates: the event is about `program` (or its summary holds a marker). */
export function mentionsProgram(event: VigilEvent, program: string, marker: string, otherMarker?: string): boolean {
  const processname = event.processname;
  if (typeof processname === 'string' && equalsLowerCase(processname, program)) return true;
  const details: unknown = event.details;
  if (typeof details === 'object' && details !== null) {
    const p = (details as Record<string, unknown>)['program'];
    if (typeof p === 'string' && equalsLowerCase(p, program)) return true;
  }
  const summary = event.summary;
  if (typeof summary !== 'string' || summary.length > MAX_PARSE_LENGTH) return false;
  return containsMarker(summary, marker) || (otherMarker !== undefined && containsMarker(summary, otherMarker));
}
