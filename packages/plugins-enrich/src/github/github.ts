import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, getPath, isRecord, markPlugin, num, str, text } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { applyEventTime } from '../internal/timestamps';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link github}. */
export interface GithubOptions {
  /** Plugin priority (lower runs first). @default 20 */
  priority?: number;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' } },
  additionalProperties: false,
};

/** Webhook event kinds recognised by the payload key that names them. */
const PAYLOAD_KEYS = [
  'pull_request', 'deployment_status', 'deployment', 'membership', 'member', 'team', 'release', 'issue',
  'check_run', 'check_suite', 'workflow_run', 'workflow_job', 'hook', 'package', 'alert', 'security_advisory',
] as const;

function webhookKind(d: Details, hint: unknown): string | undefined {
  if (typeof hint === 'string' && /^[a-z_]{2,40}$/.test(hint)) return hint;
  if (typeof d['ref'] === 'string' && Array.isArray(d['commits']) && isRecord(d['pusher'])) return 'push';
  for (const key of PAYLOAD_KEYS) if (isRecord(d[key])) return key === 'hook' ? 'ping' : key;
  if (isRecord(d['organization']) && typeof d['action'] === 'string') return isRecord(d['repository']) ? 'repository' : 'organization';
  if (isRecord(d['repository']) && typeof d['action'] === 'string') return 'repository';
  return undefined;
}

function isAuditLog(d: Details): boolean {
  return typeof d['action'] === 'string' && (d['action'] as string).includes('.') && (d['actor'] !== undefined || d['@timestamp'] !== undefined || d['_document_id'] !== undefined);
}

function enrichAudit(event: VigilEvent, d: Details): void {
  const action = d['action'] as string;
  const actor = text(d['actor']) ?? 'unknown';
  d['actor'] = actor;
  const repo = text(d['repo']) ?? text(d['repository']);
  if (repo !== undefined) d['repo'] = repo;
  const org = text(d['org']);
  if (org !== undefined) d['org'] = org;
  const ip = str(d['actor_ip']);
  if (ip !== undefined) d['sourceipaddress'] = ip;
  const country = getPath(d, 'actor_location.country_code');
  if (typeof country === 'string') d['actorcountrycode'] = country;
  const ms = num(d['@timestamp']) ?? num(d['created_at']);
  if (ms !== undefined) applyEventTime(event, ms / 1000);
  else applyEventTime(event, d['created_at']);
  const target = text(d['user']);
  event.summary = `github ${action} by ${actor}${target === undefined ? '' : ` (user ${target})`}${repo === undefined ? (org === undefined ? '' : ` in ${org}`) : ` on ${repo}`}`;
  d['githubsource'] = 'auditlog';
}

function enrichWebhook(event: VigilEvent, d: Details, kind: string): void {
  const actor = text(getPath(d, 'sender.login')) ?? text(getPath(d, 'pusher.name')) ?? 'unknown';
  const repo = text(getPath(d, 'repository.full_name'));
  const org = text(getPath(d, 'organization.login')) ?? text(getPath(d, 'repository.owner.login'));
  const action = str(d['action']);
  d['actor'] = actor;
  if (repo !== undefined) d['repo'] = repo;
  if (org !== undefined) d['org'] = org;
  d['githubevent'] = kind;
  d['githubaction'] = action === undefined ? kind : `${kind}.${action}`;
  const where = repo ?? org ?? '?';
  let summary: string;
  switch (kind) {
    case 'push': {
      const commits = Array.isArray(d['commits']) ? (d['commits'] as unknown[]).length : 0;
      const ref = str(d['ref']) ?? '?';
      summary = `${actor} pushed ${commits} commit${commits === 1 ? '' : 's'} to ${where} ${ref}${d['forced'] === true ? ' (forced)' : ''}`;
      break;
    }
    case 'pull_request':
      summary = `${actor} ${action ?? 'updated'} pull request #${text(getPath(d, 'pull_request.number')) ?? '?'} "${text(getPath(d, 'pull_request.title')) ?? ''}" on ${where}`;
      break;
    case 'member':
      summary = `${actor} ${action ?? 'changed'} member ${text(getPath(d, 'member.login')) ?? '?'} on ${where}`;
      break;
    case 'membership':
    case 'team':
      summary = `${actor} ${action ?? 'changed'} team ${text(getPath(d, 'team.name')) ?? '?'}${kind === 'membership' ? ` member ${text(getPath(d, 'member.login')) ?? '?'}` : ''} in ${where}`;
      break;
    case 'deployment':
    case 'deployment_status':
      summary = `${actor} ${kind === 'deployment' ? 'deployed' : `deployment ${text(getPath(d, 'deployment_status.state')) ?? '?'}`} ${text(getPath(d, 'deployment.ref')) ?? ''} to ${text(getPath(d, 'deployment.environment')) ?? '?'} from ${where}`;
      break;
    default:
      summary = `github ${kind}${action === undefined ? '' : ` ${action}`} by ${actor} on ${where}`;
  }
  event.summary = summary.replace(/ {2,}/g, ' ');
  d['githubsource'] = 'webhook';
}

/**
 * Normalizes GitHub audit-log entries and webhook payloads (push, pull_request, repository, member, membership,
 * organization, team, deployment, …): `details.actor`, `repo`, `org`, the action and a readable summary;
 * category `github`.
 */
export function github(options?: GithubOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:github', SCHEMA, options);
  const name = 'enrich:github';
  return {
    name,
    priority: opts.priority ?? 20,
    registration: (event: VigilEvent) => {
      const source = event.source;
      if (typeof source === 'string' && source.startsWith('github')) return true;
      const d: unknown = event.details;
      if (!isRecord(d)) return false;
      return isRecord(d['sender']) || (typeof d['action'] === 'string' && (d['_document_id'] !== undefined || d['actor'] !== undefined) && d['org'] !== undefined);
    },
    enrich(event) {
      const d = detailsOf(event);
      const hint = d['x-github-event'] ?? d['githubevent'] ?? (typeof event.source === 'string' && event.source.startsWith('github:') ? event.source.slice(7) : undefined);
      if (isAuditLog(d) && !isRecord(d['sender'])) enrichAudit(event, d);
      else {
        const kind = webhookKind(d, hint);
        if (kind === undefined) return event;
        enrichWebhook(event, d, kind);
      }
      event.category = 'github';
      addTag(event, 'github');
      markPlugin(event, name);
      return event;
    },
  };
}
