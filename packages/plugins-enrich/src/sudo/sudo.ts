import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, markParseFailed, markPlugin } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { parsePam } from '../internal/pam';
import { applyHeader, mentionsProgram, programMessage } from '../internal/syslogLine';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link sudo}. */
export interface SudoOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
  /** Tag sudo messages that match no known pattern with `vigil:parse-failed:sudo`. @default false */
  tagUnknown?: boolean;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' }, tagUnknown: { type: 'boolean' } },
  additionalProperties: false,
};

// "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id"
// "alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/id"
const COMMAND_LINE = /^\s*(\S{1,128}) : (.*)$/s;
const KEY_VALUE = /^([A-Z]{2,16})=(.*)$/s;
const ATTEMPTS = /^(\d{1,4}) incorrect password attempts?$/;

function parseCommand(user: string, rest: string, details: Details): void {
  details['username'] = user;
  const commandAt = rest.indexOf('COMMAND=');
  const head = commandAt >= 0 ? rest.slice(0, commandAt) : rest;
  if (commandAt >= 0) details['command'] = rest.slice(commandAt + 8).trim();
  let reason: string | undefined;
  for (const raw of head.split(' ; ')) {
    const part = raw.trim();
    if (part === '') continue;
    const kv = KEY_VALUE.exec(part);
    if (kv === null) {
      reason = reason === undefined ? part : `${reason}; ${part}`;
      continue;
    }
    const key = kv[1] as string;
    const value = (kv[2] as string).trim();
    if (key === 'TTY') details['tty'] = value;
    else if (key === 'PWD') details['pwd'] = value;
    else if (key === 'USER') details['targetuser'] = value;
    else if (key === 'GROUP') details['targetgroup'] = value;
    else if (key === 'ENV') details['env'] = value;
    else if (key === 'TSID') details['tsid'] = value;
  }
  details['success'] = reason === undefined;
  if (reason !== undefined) {
    details['reason'] = reason;
    const attempts = ATTEMPTS.exec(reason);
    if (attempts !== null) details['failures'] = Number(attempts[1]);
  }
  details['action'] = reason === undefined ? 'command' : 'denied';
}

function parseSudo(message: string, details: Details): boolean {
  const pam = parsePam(message);
  if (pam !== undefined) {
    if (pam.action === 'other') return false;
    details['action'] = pam.action;
    if (pam.action === 'authfailure') {
      details['success'] = false;
      if (pam.by !== undefined) details['username'] = pam.by;
      else if (pam.user !== undefined) details['username'] = pam.user;
      if (pam.tty !== undefined) details['tty'] = pam.tty;
    } else {
      if (pam.by !== undefined) details['username'] = pam.by;
      if (pam.user !== undefined) details['targetuser'] = pam.user;
      if (pam.action === 'sessionopened') details['success'] = true;
    }
    return true;
  }
  const m = COMMAND_LINE.exec(message);
  if (m === null || !(m[2] as string).includes('=')) return false;
  parseCommand(m[1] as string, m[2] as string, details);
  return true;
}

/**
 * Parses `sudo` messages: the command log line (`details.username`, `targetuser`, `tty`, `pwd`, `command`,
 * `success`, `reason` such as "3 incorrect password attempts") and PAM auth failures and sessions.
 */
export function sudo(options?: SudoOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:sudo', SCHEMA, options);
  const name = 'enrich:sudo';
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => mentionsProgram(event, 'sudo', 'sudo'),
    enrich(event) {
      const pm = programMessage(event);
      if (pm === undefined || pm.program !== 'sudo') return event;
      const details = detailsOf(event);
      if (!parseSudo(pm.message, details)) {
        if (opts.tagUnknown === true) markParseFailed(event, 'sudo');
        return event;
      }
      applyHeader(event, pm.header);
      event.summary = pm.message.trim();
      event.category = 'authentication';
      addTag(event, 'sudo');
      markPlugin(event, name);
      return event;
    },
  };
}
