import { isIP } from 'node:net';
import type { EnrichmentPlugin, EnrichmentResult, Severity, VigilEvent } from '@vigil/core';
import { addTag, detailsOf, getPath, isBlank, isRecord, markParseFailed, markPlugin, num, str, text } from '../internal/eventFields';
import type { Details } from '../internal/eventFields';
import { applyEventTime } from '../internal/timestamps';
import { ObjectBuilder } from '../internal/ObjectBuilder';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link cloudtrail}. */
export interface CloudtrailOptions {
  /** Plugin priority (lower runs first). @default 15 */
  priority?: number;
  /** Most records one `{"Records":[…]}` file is split into; the rest are dropped and the first event tagged. @default 10000 */
  maxRecords?: number;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' }, maxRecords: { type: 'integer', minimum: 1 } },
  additionalProperties: false,
};

/** GuardDuty's numeric severity (0.1–10) → RFC 5424: low → NOTICE, medium → WARNING, high → ERROR, critical → CRITICAL. */
export function guardDutySeverity(value: number): Severity {
  if (value >= 9) return 'CRITICAL';
  if (value >= 7) return 'ERROR';
  if (value >= 4) return 'WARNING';
  return 'NOTICE';
}

const AWS_SERVICE = /^[a-z0-9-]{1,64}\.amazonaws\.com$/;

function isCloudTrailRecord(d: Details): boolean {
  return typeof d['eventName'] === 'string' && typeof d['eventSource'] === 'string';
}

/**
 * Core's normalizer reads a top-level `eventSource` as the event's `source` and `type` as its `type`;
 * put them back where the record keeps them so records read the same however they arrived.
 */
function restoreAliased(event: VigilEvent, d: Details): void {
  if (typeof d['eventName'] === 'string' && d['eventSource'] === undefined && typeof event.source === 'string' && AWS_SERVICE.test(event.source)) {
    d['eventSource'] = event.source;
  }
  if (typeof d['schemaVersion'] === 'string' && d['type'] === undefined && getPath(d, 'service.serviceName') === 'guardduty' && typeof event.type === 'string') {
    d['type'] = event.type;
    event.type = 'event';
  }
  if (d['severity'] === undefined && d['_original_severity'] !== undefined && typeof d['schemaVersion'] === 'string') {
    d['severity'] = d['_original_severity'];
  }
}

function isGuardDutyFinding(d: Details): boolean {
  return typeof d['schemaVersion'] === 'string' && getPath(d, 'service.serviceName') === 'guardduty';
}

function enrichRecord(event: VigilEvent, d: Details): void {
  const identity = isRecord(d['userIdentity']) ? d['userIdentity'] : {};
  const arn = str(identity['arn']);
  const issuer = getPath(identity, 'sessionContext.sessionIssuer.userName');
  const userName = str(identity['userName']) ?? str(issuer) ?? (arn === undefined ? undefined : arn.slice(arn.lastIndexOf('/') + 1));
  const actor = arn ?? userName ?? str(identity['principalId']) ?? str(identity['invokedBy']) ?? text(identity['accountId']) ?? 'unknown';
  d['actor'] = actor;
  if (userName !== undefined) d['username'] = userName;
  const accountId = text(identity['accountId']) ?? text(d['recipientAccountId']);
  if (accountId !== undefined) d['accountid'] = accountId;
  const identityType = str(identity['type']);
  if (identityType !== undefined) d['useridentitytype'] = identityType;
  const source = str(d['sourceIPAddress']);
  if (source !== undefined) {
    if (isIP(source) !== 0) d['sourceipaddress'] = source;
    else d['sourceservice'] = source;
  }
  const eventName = str(d['eventName']) ?? '';
  const eventSource = str(d['eventSource']) ?? '';
  d['eventname'] = eventName;
  d['eventsource'] = eventSource;
  const region = str(d['awsRegion']);
  if (region !== undefined) d['region'] = region;
  const errorCode = str(d['errorCode']);
  const errorMessage = str(d['errorMessage']);
  if (errorCode !== undefined) d['errorcode'] = errorCode;
  if (errorMessage !== undefined) d['errormessage'] = errorMessage;
  const userAgent = str(d['userAgent']);
  if (userAgent !== undefined) d['useragent'] = userAgent;
  const mfaUsed = getPath(d, 'additionalEventData.MFAUsed');
  const mfaAuthenticated = getPath(identity, 'sessionContext.attributes.mfaAuthenticated');
  if (mfaUsed === 'Yes' || mfaUsed === 'No') d['mfaused'] = mfaUsed === 'Yes';
  else if (mfaAuthenticated === 'true' || mfaAuthenticated === 'false' || typeof mfaAuthenticated === 'boolean') {
    d['mfaused'] = mfaAuthenticated === 'true' || mfaAuthenticated === true;
  }
  applyEventTime(event, d['eventTime']);
  const consoleLogin = getPath(d, 'responseElements.ConsoleLogin');
  if (eventName === 'ConsoleLogin' || typeof consoleLogin === 'string') {
    event.category = 'authentication';
    d['success'] = consoleLogin === 'Success' && errorCode === undefined;
  } else {
    event.category = 'cloudtrail';
  }
  if (errorCode !== undefined) d['success'] = false;
  const from = str(d['sourceipaddress']) ?? str(d['sourceservice']);
  event.summary =
    `${actor} ${eventName} on ${eventSource}` +
    (from === undefined ? '' : ` from ${from}`) +
    (region === undefined ? '' : ` in ${region}`) +
    (errorCode === undefined ? '' : ` failed: ${errorCode}`) +
    (d['mfaused'] === true ? ' (MFA)' : '');
  if (isBlank(event.source) || event.source === eventSource) event.source = 'cloudtrail';
  addTag(event, 'cloudtrail');
}

function remoteIp(finding: Details): string | undefined {
  const action = getPath(finding, 'service.action');
  if (!isRecord(action)) return undefined;
  for (const key of ['networkConnectionAction', 'awsApiCallAction', 'dnsRequestAction', 'kubernetesApiCallAction', 'rdsLoginAttemptAction']) {
    const ip = getPath(action[key], 'remoteIpDetails.ipAddressV4') ?? getPath(action[key], 'remoteIpDetails.ipAddressV6');
    if (typeof ip === 'string') return ip;
  }
  const probes = getPath(action, 'portProbeAction.portProbeDetails');
  if (Array.isArray(probes)) {
    const ip = getPath(probes[0], 'remoteIpDetails.ipAddressV4');
    if (typeof ip === 'string') return ip;
  }
  return undefined;
}

function enrichFinding(event: VigilEvent, d: Details, finding: Details): void {
  const type = str(finding['type']) ?? 'unknown';
  const title = str(finding['title']) ?? '';
  d['findingtype'] = type;
  d['findingid'] = text(finding['id']);
  if (title !== '') d['title'] = title;
  const accountId = text(finding['accountId']);
  if (accountId !== undefined) d['accountid'] = accountId;
  const region = str(finding['region']);
  if (region !== undefined) d['region'] = region;
  const resourceType = getPath(finding, 'resource.resourceType');
  if (typeof resourceType === 'string') d['resourcetype'] = resourceType;
  const instance = getPath(finding, 'resource.instanceDetails.instanceId');
  if (typeof instance === 'string') d['instanceid'] = instance;
  const ip = remoteIp(finding);
  if (ip !== undefined) d['sourceipaddress'] = ip;
  const severity = num(finding['severity']);
  if (severity !== undefined) {
    d['findingseverity'] = severity;
    event.severity = guardDutySeverity(severity);
  }
  applyEventTime(event, finding['updatedAt'] ?? finding['createdAt']);
  event.summary = `GuardDuty ${type}${title === '' ? '' : `: ${title}`}${ip === undefined ? '' : ` from ${ip}`}`;
  event.category = 'guardduty';
  if (isBlank(event.source)) event.source = 'guardduty';
  addTag(event, 'guardduty');
}

/**
 * Normalizes AWS CloudTrail records (single records, EventBridge-wrapped ones, and S3 `{"Records":[…]}` files,
 * split into one event per record) and GuardDuty findings: actor, username, accountid, sourceipaddress,
 * eventname, region, errorcode/errormessage, mfaused; GuardDuty severity mapped to RFC 5424.
 */
export function cloudtrail(options?: CloudtrailOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:cloudtrail', SCHEMA, options);
  const name = 'enrich:cloudtrail';
  const maxRecords = opts.maxRecords ?? 10_000;
  const builder = new ObjectBuilder();

  /**
   * A shallow copy of a record (as `{ ...record }` makes): through a builder, because V8 gives a spread copy a
   * hidden class it cannot extend cheaply, and each record then gets a dozen fields.
   */
  function copyRecord(record: Record<string, unknown>): Record<string, unknown> {
    for (const key of Object.keys(record)) builder.add(key, record[key]);
    return builder.build();
  }

  function enrichOne(event: VigilEvent): boolean {
    const d = detailsOf(event);
    restoreAliased(event, d);
    const detailType = d['detail-type'];
    const inner = d['detail'];
    if (typeof detailType === 'string' && isRecord(inner)) {
      if (detailType === 'GuardDuty Finding') {
        enrichFinding(event, d, inner);
        return true;
      }
      if (isCloudTrailRecord(inner)) {
        // EventBridge "AWS API Call via CloudTrail": lift the record into details.
        for (const key of Object.keys(inner)) if (d[key] === undefined) d[key] = inner[key];
        delete d['detail'];
      }
    }
    if (isCloudTrailRecord(d)) {
      enrichRecord(event, d);
      return true;
    }
    if (isGuardDutyFinding(d)) {
      enrichFinding(event, d, d);
      return true;
    }
    return false;
  }

  return {
    name,
    priority: opts.priority ?? 15,
    registration: (event: VigilEvent) => {
      const d: unknown = event.details;
      if (!isRecord(d)) return false;
      return (
        Array.isArray(d['Records']) ||
        typeof d['eventSource'] === 'string' ||
        (typeof d['eventName'] === 'string' && typeof event.source === 'string' && AWS_SERVICE.test(event.source)) ||
        typeof d['detail-type'] === 'string' ||
        typeof d['schemaVersion'] === 'string'
      );
    },
    enrich(event): EnrichmentResult {
      const d = detailsOf(event);
      const records = d['Records'];
      if (Array.isArray(records)) {
        const out: VigilEvent[] = [];
        const limit = Math.min(records.length, maxRecords);
        for (let i = 0; i < limit; i++) {
          const record: unknown = records[i];
          const split: VigilEvent = {
            ...event,
            id: `${event.id}-${i}`,
            tags: Array.isArray(event.tags) ? [...event.tags] : [],
            details: isRecord(record) ? copyRecord(record) : { record },
            ...(Array.isArray(event.plugins) ? { plugins: [...event.plugins] } : {}),
          };
          if (enrichOne(split)) markPlugin(split, name);
          else markParseFailed(split, 'cloudtrail');
          out.push(split);
        }
        if (out.length === 0) {
          markParseFailed(event, 'cloudtrail');
          return event;
        }
        if (records.length > limit) addTag(out[0] as VigilEvent, 'vigil:truncated:cloudtrail-records');
        return out;
      }
      if (enrichOne(event)) markPlugin(event, name);
      return event;
    },
  };
}
