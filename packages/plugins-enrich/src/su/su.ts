import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, markParseFailed, markPlugin } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { parsePam } from '../internal/pam';
import { applyHeader, mentionsProgram, programMessage } from '../internal/syslogLine';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link su}. */
export interface SuOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
  /** Tag su messages that match no known pattern with `vigil:parse-failed:su`. @default false */
  tagUnknown?: boolean;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' }, tagUnknown: { type: 'boolean' } },
  additionalProperties: false,
};

// util-linux: "(to root) alice on pts/0"; shadow-utils: "Successful su for root by alice", "+ pts/0 alice:root".
const TO = /^(FAILED SU )?\(to (\S{1,128})\) (\S{1,128}) on (\S{1,64})/;
const SUCCESSFUL = /^(Successful|FAILED) su for (\S{1,128}) by (\S{1,128})/;
const SHORT = /^([+-]) (\S{1,64}) (\S{1,128}):(\S{1,128})$/;
const PAM_AUTHENTICATE = /^pam_authenticate: (.{1,200})$/;

function parseSu(message: string, details: Details): boolean {
  let m = TO.exec(message);
  if (m !== null) {
    details['targetuser'] = m[2];
    details['username'] = m[3];
    details['tty'] = m[4];
    details['success'] = m[1] === undefined;
    return true;
  }
  if ((m = SUCCESSFUL.exec(message)) !== null) {
    details['targetuser'] = m[2];
    details['username'] = m[3];
    details['success'] = m[1] === 'Successful';
    return true;
  }
  if ((m = SHORT.exec(message)) !== null) {
    details['success'] = m[1] === '+';
    details['tty'] = m[2];
    details['username'] = m[3];
    details['targetuser'] = m[4];
    return true;
  }
  if ((m = PAM_AUTHENTICATE.exec(message)) !== null) {
    details['success'] = false;
    details['reason'] = m[1];
    return true;
  }
  const pam = parsePam(message);
  if (pam === undefined || pam.action === 'other') return false;
  details['action'] = pam.action;
  if (pam.action === 'authfailure') {
    details['success'] = false;
    if (pam.by !== undefined) details['username'] = pam.by;
    if (pam.user !== undefined) details['targetuser'] = pam.user;
    if (pam.tty !== undefined) details['tty'] = pam.tty;
  } else {
    if (pam.by !== undefined) details['username'] = pam.by;
    if (pam.user !== undefined) details['targetuser'] = pam.user;
    if (pam.action === 'sessionopened') details['success'] = true;
  }
  return true;
}

/**
 * Parses `su` messages (util-linux, shadow-utils and PAM): who became whom (`details.username` →
 * `details.targetuser`), the tty and whether it worked (`details.success`); category `authentication`.
 */
export function su(options?: SuOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:su', SCHEMA, options);
  const name = 'enrich:su';
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => mentionsProgram(event, 'su', ' su:', 'su['),
    enrich(event) {
      const pm = programMessage(event);
      if (pm === undefined || (pm.program !== 'su' && pm.program !== 'su-l')) return event;
      const details = detailsOf(event);
      if (!parseSu(pm.message, details)) {
        if (opts.tagUnknown === true) markParseFailed(event, 'su');
        return event;
      }
      applyHeader(event, pm.header);
      event.summary = pm.message;
      event.category = 'authentication';
      addTag(event, 'su');
      markPlugin(event, name);
      return event;
    },
  };
}
