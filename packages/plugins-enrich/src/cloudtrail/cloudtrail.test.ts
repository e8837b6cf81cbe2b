import { readFileSync } from 'node:fs';
import type { VigilEvent } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { makeEvent, registers, run, runOne } from '../../test/makeEvent';
import { cloudtrail, guardDutySeverity } from './cloudtrail';

const plugin = cloudtrail();
const ev = (details: Record<string, unknown>) => makeEvent({ id: 'ct', details });

// From the AWS CloudTrail user guide, "CloudTrail log file examples" (an S3 log file with two records) and
// "AWS console sign-in events" (ConsoleLogin success/failure examples).
const S3_FILE = {
  Records: [
    {
      eventVersion: '1.0',
      userIdentity: { type: 'IAMUser', principalId: 'EX_PRINCIPAL_ID', arn: 'arn:aws:iam::123456789012:user/Alice', accessKeyId: 'EXAMPLE_KEY_ID', accountId: '123456789012', userName: 'Alice' },
      eventTime: '2014-03-06T21:22:54Z', eventSource: 'ec2.amazonaws.com', eventName: 'StartInstances', awsRegion: 'us-east-2',
      sourceIPAddress: '205.251.233.176', userAgent: 'ec2-api-tools 1.6.12.2',
      requestParameters: { instancesSet: { items: [{ instanceId: 'i-ebeaf9e2' }] } },
    },
    {
      eventVersion: '1.0',
      userIdentity: { type: 'IAMUser', principalId: 'EX_PRINCIPAL_ID', arn: 'arn:aws:iam::123456789012:user/Alice', accountId: '123456789012', userName: 'Alice' },
      eventTime: '2014-03-06T21:01:59Z', eventSource: 'ec2.amazonaws.com', eventName: 'StopInstances', awsRegion: 'us-east-2',
      sourceIPAddress: '205.251.233.176', userAgent: 'ec2-api-tools 1.6.12.2', errorCode: 'Client.UnauthorizedOperation',
      errorMessage: 'You are not authorized to perform this operation.',
    },
  ],
};
const CONSOLE_LOGIN = {
  eventVersion: '1.05',
  userIdentity: { type: 'IAMUser', principalId: 'AIDACKCEVSQ6C2EXAMPLE', arn: 'arn:aws:iam::111122223333:user/JohnDoe', accountId: '111122223333', userName: 'JohnDoe' },
  eventTime: '2014-07-16T15:49:27Z', eventSource: 'signin.amazonaws.com', eventName: 'ConsoleLogin', awsRegion: 'us-east-2',
  sourceIPAddress: '192.0.2.110', userAgent: 'Mozilla/5.0 (Windows NT 6.1; WOW64; rv:28.0) Gecko/20100101 Firefox/28.0',
  requestParameters: null, responseElements: { ConsoleLogin: 'Success' },
  additionalEventData: { MobileVersion: 'No', LoginTo: 'https://console.aws.amazon.com/s3/', MFAUsed: 'Yes' },
  eventID: '3fcfb182-98f8-4744-bd45-10a395ab61cb',
};
// From the GuardDuty user guide, "Sample findings" (UnauthorizedAccess:EC2/SSHBruteForce), trimmed.
const FINDING = {
  schemaVersion: '2.0', accountId: '123456789012', region: 'us-east-1', partition: 'aws', id: '16afba5c5c43e07c9e3e5e2e544e95df',
  arn: 'arn:aws:guardduty:us-east-1:123456789012:detector/123456789012/finding/16afba5c5c43e07c9e3e5e2e544e95df',
  type: 'UnauthorizedAccess:EC2/SSHBruteForce',
  resource: { resourceType: 'Instance', instanceDetails: { instanceId: 'i-99999999' } },
  service: { serviceName: 'guardduty', action: { actionType: 'NETWORK_CONNECTION', networkConnectionAction: { connectionDirection: 'INBOUND', remoteIpDetails: { ipAddressV4: '198.51.100.0' } } } },
  severity: 8, createdAt: '2017-10-31T23:16:23.824Z', updatedAt: '2017-10-31T23:16:23.824Z',
  title: '198.51.100.0 is performing SSH brute force attacks against i-99999999.',
};

describe('cloudtrail', () => {
  it('splits an S3 Records file into one event per record', () => {
    const result = run(plugin, ev(structuredClone(S3_FILE)));
    expect(Array.isArray(result)).toBe(true);
    const [a, b] = result as VigilEvent[];
    expect(a?.id).toBe('ct-0');
    expect(b?.id).toBe('ct-1');
    expect(a?.details).toMatchObject({ actor: 'arn:aws:iam::123456789012:user/Alice', username: 'Alice', accountid: '123456789012', sourceipaddress: '205.251.233.176', eventname: 'StartInstances', region: 'us-east-2', useridentitytype: 'IAMUser' });
    expect(a?.summary).toBe('arn:aws:iam::123456789012:user/Alice StartInstances on ec2.amazonaws.com from 205.251.233.176 in us-east-2');
    expect(a?.utctimestamp).toBe('2014-03-06T21:22:54.000Z');
    expect(b?.details).toMatchObject({ errorcode: 'Client.UnauthorizedOperation', errormessage: 'You are not authorized to perform this operation.', success: false });
    expect(b?.summary.endsWith('failed: Client.UnauthorizedOperation')).toBe(true);
    expect(a?.tags).not.toBe(b?.tags);
  });

  it('maps console logins to authentication with MFA', () => {
    const e = runOne(plugin, ev(structuredClone(CONSOLE_LOGIN)));
    expect(e.category).toBe('authentication');
    expect(e.details).toMatchObject({ success: true, mfaused: true, username: 'JohnDoe' });
    const failed = runOne(plugin, ev({ ...structuredClone(CONSOLE_LOGIN), responseElements: { ConsoleLogin: 'Failure' }, errorMessage: 'Failed authentication', additionalEventData: { MFAUsed: 'No' } }));
    expect(failed.details).toMatchObject({ success: false, mfaused: false });
  });

  it('reads MFA from an assumed-role session context and keeps service principals out of sourceipaddress', () => {
    const e = runOne(plugin, ev({
      eventSource: 's3.amazonaws.com', eventName: 'PutObject', sourceIPAddress: 'cloudformation.amazonaws.com',
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/Admin/bob', sessionContext: { attributes: { mfaAuthenticated: 'true' }, sessionIssuer: { userName: 'Admin' } } },
    }));
    expect(e.details).toMatchObject({ mfaused: true, username: 'Admin', sourceservice: 'cloudformation.amazonaws.com' });
    expect(e.details['sourceipaddress']).toBeUndefined();
  });

  it('maps GuardDuty findings, bare and EventBridge-wrapped, with severity', () => {
    const bare = runOne(plugin, ev(structuredClone(FINDING)));
    expect(bare.severity).toBe('ERROR');
    expect(bare.category).toBe('guardduty');
    expect(bare.details).toMatchObject({ findingtype: 'UnauthorizedAccess:EC2/SSHBruteForce', sourceipaddress: '198.51.100.0', instanceid: 'i-99999999', accountid: '123456789012' });
    const wrapped = runOne(plugin, ev({ version: '0', 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty', detail: { ...structuredClone(FINDING), severity: 2 } }));
    expect(wrapped.severity).toBe('NOTICE');
    expect(wrapped.summary).toBe('GuardDuty UnauthorizedAccess:EC2/SSHBruteForce: 198.51.100.0 is performing SSH brute force attacks against i-99999999. from 198.51.100.0');
    expect([guardDutySeverity(9.5), guardDutySeverity(5), guardDutySeverity(0.1)]).toEqual(['CRITICAL', 'WARNING', 'NOTICE']);
  });

  it('normalizes MozDef sample CloudTrail events', () => {
    const samples = JSON.parse(readFileSync(new URL('../../test/fixtures/mozdef-events-cloudtrail.json', import.meta.url), 'utf8')) as Array<Record<string, unknown>>;
    const e = runOne(plugin, ev({ ...(samples[0] as Record<string, unknown>) }));
    expect(e.details).toMatchObject({ username: 'John', eventname: 'DescribeInstances', sourceipaddress: '59.15.171.43', region: 'us-east-1' });
  });

  it('ignores other JSON and tags records it cannot read', () => {
    expect(registers(plugin, ev({ event_type: 'alert' }))).toBe(false);
    const result = run(plugin, ev({ Records: [{ nothing: true }] })) as VigilEvent[];
    expect(result[0]?.tags).toContain('vigil:parse-failed:cloudtrail');
    const empty = run(plugin, ev({ Records: [] })) as VigilEvent;
    expect(empty.tags).toContain('vigil:parse-failed:cloudtrail');
  });

  it('caps the number of records split from one file', () => {
    const limited = cloudtrail({ maxRecords: 1 });
    const result = run(limited, ev(structuredClone(S3_FILE))) as VigilEvent[];
    expect(result).toHaveLength(1);
    expect(result[0]?.tags).toContain('vigil:truncated:cloudtrail-records');
  });
});
