import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, markParseFailed, markPlugin } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { parsePam } from '../internal/pam';
import { applyHeader, mentionsProgram, programMessage } from '../internal/syslogLine';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link sshd}. */
export interface SshdOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
  /** Tag events whose sshd message matches no known pattern with `vigil:parse-failed:sshd`. @default false */
  tagUnknown?: boolean;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' }, tagUnknown: { type: 'boolean' } },
  additionalProperties: false,
};

const IP = '([0-9A-Fa-f:.]{2,45})';
const ACCEPTED = new RegExp(
  `^(Accepted|Failed|Postponed) ([\\w/-]{1,40}) for (invalid user )?(\\S{0,128}) from ${IP} port (\\d{1,5})(?: ssh2)?(?:: (\\S{1,32}) (\\S{1,200}))?`,
);
const INVALID_USER = new RegExp(`^Invalid user (\\S{0,128}) from ${IP}(?: port (\\d{1,5}))?`);
const DISCONNECTED = new RegExp(
  `^Disconnected from (?:(invalid|authenticating) user (\\S{0,128}) |user (\\S{1,128}) )?${IP} port (\\d{1,5})`,
);
const RECEIVED_DISCONNECT = new RegExp(`^Received disconnect from ${IP} port (\\d{1,5}):(\\d{1,3}): ([^[]{0,300})`);
const CLOSED = new RegExp(
  `^Connection (closed|reset) by (?:(invalid|authenticating) user (\\S{0,128}) )?${IP} port (\\d{1,5})`,
);
const MAX_AUTH = new RegExp(
  `^(?:error: )?maximum authentication attempts exceeded for (invalid user )?(\\S{0,128}) from ${IP} port (\\d{1,5})`,
);
const NO_IDENT = new RegExp(`^Did not receive identification string from ${IP}(?: port (\\d{1,5}))?`);
const PREAUTH = / \[preauth\]\s*$/;

function network(details: Details, ip: string | undefined, port: string | undefined): void {
  if (ip !== undefined) details['sourceipaddress'] = ip;
  if (port !== undefined) details['sourceport'] = Number(port);
}

/** Parses one sshd message into details; false when it is not a known message. */
function parseSshd(message: string, details: Details): boolean {
  let m = ACCEPTED.exec(message);
  if (m !== null) {
    const outcome = m[1] as string;
    details['action'] = outcome.toLowerCase();
    details['authmethod'] = m[2];
    details['username'] = m[4];
    details['success'] = outcome === 'Accepted';
    if (m[3] !== undefined) details['invaliduser'] = true;
    if (m[7] !== undefined) {
      details['keytype'] = m[7];
      details['keyfingerprint'] = m[8];
    }
    network(details, m[5], m[6]);
    return true;
  }
  if ((m = INVALID_USER.exec(message)) !== null) {
    details['action'] = 'invaliduser';
    details['username'] = m[1];
    details['invaliduser'] = true;
    details['success'] = false;
    network(details, m[2], m[3]);
    return true;
  }
  if ((m = MAX_AUTH.exec(message)) !== null) {
    details['action'] = 'maxauthtries';
    details['username'] = m[2];
    details['success'] = false;
    if (m[1] !== undefined) details['invaliduser'] = true;
    network(details, m[3], m[4]);
    return true;
  }
  if ((m = DISCONNECTED.exec(message)) !== null) {
    details['action'] = 'disconnected';
    const user = m[2] ?? m[3];
    if (user !== undefined) details['username'] = user;
    if (m[1] === 'invalid') details['invaliduser'] = true;
    if (m[1] !== undefined) details['success'] = false;
    network(details, m[4], m[5]);
    return true;
  }
  if ((m = CLOSED.exec(message)) !== null) {
    details['action'] = m[1] === 'closed' ? 'connectionclosed' : 'connectionreset';
    if (m[3] !== undefined) details['username'] = m[3];
    if (m[2] === 'invalid') details['invaliduser'] = true;
    // "closed by authenticating user" is a client giving up mid-authentication: a failed attempt.
    if (m[2] !== undefined) details['success'] = false;
    network(details, m[4], m[5]);
    return true;
  }
  if ((m = RECEIVED_DISCONNECT.exec(message)) !== null) {
    details['action'] = 'disconnected';
    details['disconnectreason'] = (m[4] as string).trim();
    network(details, m[1], m[2]);
    return true;
  }
  if ((m = NO_IDENT.exec(message)) !== null) {
    details['action'] = 'noidentification';
    network(details, m[1], m[2]);
    return true;
  }
  const pam = parsePam(message);
  if (pam !== undefined) {
    if (pam.action === 'sessionopened' || pam.action === 'sessionclosed') {
      details['action'] = pam.action;
      if (pam.user !== undefined) details['username'] = pam.user;
      if (pam.action === 'sessionopened') details['success'] = true;
      return true;
    }
    if (pam.action === 'authfailure') {
      details['action'] = 'authfailure';
      if (pam.user !== undefined) details['username'] = pam.user;
      if (pam.rhost !== undefined) details['sourceipaddress'] = pam.rhost;
      if (pam.failures !== undefined) details['failures'] = pam.failures + 1;
      details['success'] = false;
      return true;
    }
  }
  return false;
}

/**
 * Parses OpenSSH server messages (syslog lines in `summary`, or already split events whose program is sshd):
 * accepted/failed logins, invalid users, disconnects, preauth closes, max-auth-tries, PAM sessions.
 * Sets `details.username`, `sourceipaddress`, `sourceport`, `authmethod`, `success`, `action`; category
 * `authentication` for authentication outcomes.
 */
export function sshd(options?: SshdOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:sshd', SCHEMA, options);
  const name = 'enrich:sshd';
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => mentionsProgram(event, 'sshd', 'sshd['),
    enrich(event) {
      const pm = programMessage(event);
      if (pm === undefined || pm.program !== 'sshd') return event;
      const details = detailsOf(event);
      let message = pm.message;
      if (PREAUTH.test(message)) {
        details['preauth'] = true;
        message = message.replace(PREAUTH, '');
      }
      if (!parseSshd(message, details)) {
        if (opts.tagUnknown === true) markParseFailed(event, 'sshd');
        return event;
      }
      applyHeader(event, pm.header);
      event.summary = pm.message;
      if (details['success'] !== undefined) {
        event.category = 'authentication';
        addTag(event, 'sshd');
      }
      markPlugin(event, name);
      return event;
    },
  };
}
