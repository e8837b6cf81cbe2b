import type { SigmaFieldMapping } from './SigmaOptions';

/**
 * Vigil's default Sigma field mapping, written against the fields `@vigil/plugins-enrich` produces
 * (auditd: details.exe/cmdline/syscall/auid/uid/key; sshd/sudo/su: details.username/sourceipaddress; CloudTrail,
 * Zeek, Suricata, Squid). Extend or replace it with the `mappings` option or a YAML file (`parseSigmaMappings`).
 */
export const DEFAULT_SIGMA_MAPPINGS: readonly SigmaFieldMapping[] = [
  {
    fields: {
      User: 'details.username',
      SourceIp: 'details.sourceipaddress',
      src_ip: 'details.sourceipaddress',
      DestinationIp: 'details.destinationipaddress',
      dst_ip: 'details.destinationipaddress',
      SourcePort: 'details.sourceport',
      DestinationPort: 'details.destinationport',
      Hostname: 'hostname',
      ComputerName: 'hostname',
    },
  },
  {
    logsource: { product: 'linux' },
    fields: {
      Image: 'details.exe',
      CommandLine: 'details.cmdline',
      ParentImage: 'details.parentprocess',
      CurrentDirectory: 'details.cwd',
      ProcessId: 'details.pid',
      ParentProcessId: 'details.ppid',
      LogonId: 'details.ses',
      User: 'details.username',
    },
  },
  {
    logsource: { product: 'linux', service: 'auditd' },
    condition: 'category:auditd',
    fields: { a0: 'details.a0', exe: 'details.exe', comm: 'details.comm', key: 'details.key', SYSCALL: 'details.syscall', syscall: 'details.syscall', auid: 'details.auid', uid: 'details.uid', euid: 'details.euid' },
  },
  { logsource: { product: 'linux', category: 'process_creation' }, condition: 'category:auditd' },
  { logsource: { product: 'linux', service: 'sshd' }, condition: 'processname:sshd' },
  { logsource: { product: 'linux', service: 'sudo' }, condition: 'processname:sudo', fields: { COMMAND: 'details.command', USER: 'details.targetuser' } },
  {
    logsource: { product: 'windows', category: 'process_creation' },
    fields: {
      Image: 'details.exe',
      CommandLine: 'details.cmdline',
      ParentImage: 'details.parentimage',
      ParentCommandLine: 'details.parentcmdline',
      OriginalFileName: 'details.originalfilename',
      User: 'details.username',
    },
  },
  {
    logsource: { product: 'aws', service: 'cloudtrail' },
    condition: 'source:cloudtrail',
    fields: {
      eventName: 'details.eventname',
      eventSource: 'details.eventsource',
      sourceIPAddress: 'details.sourceipaddress',
      errorCode: 'details.errorcode',
      'userIdentity.type': 'details.useridentitytype',
      'userIdentity.arn': 'details.actor',
      'userIdentity.userName': 'details.username',
      awsRegion: 'details.region',
    },
  },
  { logsource: { product: 'zeek' }, condition: 'category:bro' },
  { logsource: { product: 'zeek', service: 'notice' }, condition: 'category:bro AND details.type:notice', fields: { note: 'details.note', msg: 'details.msg' } },
  { logsource: { product: 'suricata' }, condition: 'category:suricata' },
  {
    logsource: { category: 'proxy' },
    condition: 'category:proxy',
    fields: { 'c-uri': 'details.url', 'cs-host': 'details.host', 'cs-method': 'details.method', 'sc-status': 'details.status', 'c-ip': 'details.sourceipaddress' },
  },
];
