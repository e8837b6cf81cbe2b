import { describe, expect, it } from 'vitest';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { github } from './github';

const plugin = github();
const ev = (details: Record<string, unknown>, source = '') => makeEvent({ details, source });

// Audit-log entries: the response examples of GitHub's REST API "Get the audit log for an organization"
// (docs.github.com, /orgs/{org}/audit-log).
const TEAM_ADD = { '@timestamp': 1606929874512, action: 'team.add_member', actor: 'octocat', created_at: 1606929874512, _document_id: 'xJJFlFOhQ6b-5vaAFy9Rjw', org: 'octo-corp', team: 'octo-corp/example-team', user: 'monalisa' };
const REPO_DESTROY = { '@timestamp': 1605719148837, action: 'repo.destroy', actor: 'monalisa', created_at: 1605719148837, _document_id: 'LwW2vpJZCDS-WUmo9Z-ifw', org: 'mona-org', repo: 'mona-org/mona-test-repo', visibility: 'private', actor_ip: '198.51.100.20' };
// Webhook payloads, trimmed, after GitHub's "Webhook events and payloads" documentation.
const PUSH = {
  ref: 'refs/heads/main', before: '6113728f27ae82c7b1a177c8d03f9e96e0adf246', after: '0000000000000000000000000000000000000000', forced: false,
  repository: { id: 186853002, full_name: 'Codertocat/Hello-World', owner: { login: 'Codertocat' } },
  pusher: { name: 'Codertocat', email: 'codertocat@example.com' }, sender: { login: 'Codertocat', id: 21031067 },
  commits: [{ id: 'a', message: 'one' }, { id: 'b', message: 'two' }],
};
const PULL_REQUEST = {
  action: 'opened', number: 2,
  pull_request: { number: 2, title: 'Update the README with new information.', user: { login: 'Codertocat' } },
  repository: { full_name: 'Codertocat/Hello-World', owner: { login: 'Codertocat' } }, sender: { login: 'Codertocat' },
};
const MEMBER = {
  action: 'added', member: { login: 'octocat' }, changes: { permission: { to: 'write' } },
  repository: { full_name: 'Codertocat/Hello-World', owner: { login: 'Codertocat' } }, sender: { login: 'Codertocat' },
};
const DEPLOYMENT = {
  deployment: { ref: 'main', environment: 'production', creator: { login: 'Codertocat' } },
  repository: { full_name: 'Codertocat/Hello-World', owner: { login: 'Codertocat' } }, organization: { login: 'Octocoders' }, sender: { login: 'Codertocat' },
};

describe('github', () => {
  it('normalizes audit-log entries', () => {
    const e = runOne(plugin, ev({ ...TEAM_ADD }));
    expect(e.details).toMatchObject({ actor: 'octocat', org: 'octo-corp', githubsource: 'auditlog' });
    expect(e.summary).toBe('github team.add_member by octocat (user monalisa) in octo-corp');
    expect(e.utctimestamp).toBe('2020-12-02T17:24:34.512Z');
    expect(e.category).toBe('github');
    const r = runOne(plugin, ev({ ...REPO_DESTROY }));
    expect(r.details).toMatchObject({ repo: 'mona-org/mona-test-repo', sourceipaddress: '198.51.100.20' });
    expect(r.summary).toBe('github repo.destroy by monalisa on mona-org/mona-test-repo');
  });

  it('summarizes webhook push, pull_request, member and deployment payloads', () => {
    const push = runOne(plugin, ev(structuredClone(PUSH)));
    expect(push.summary).toBe('Codertocat pushed 2 commits to Codertocat/Hello-World refs/heads/main');
    expect(push.details).toMatchObject({ actor: 'Codertocat', repo: 'Codertocat/Hello-World', org: 'Codertocat', githubevent: 'push' });
    expect(runOne(plugin, ev(structuredClone(PULL_REQUEST))).summary).toBe('Codertocat opened pull request #2 "Update the README with new information." on Codertocat/Hello-World');
    const member = runOne(plugin, ev(structuredClone(MEMBER)));
    expect(member.summary).toBe('Codertocat added member octocat on Codertocat/Hello-World');
    expect(member.details['githubaction']).toBe('member.added');
    const deploy = runOne(plugin, ev(structuredClone(DEPLOYMENT)));
    expect(deploy.summary).toBe('Codertocat deployed main to production from Codertocat/Hello-World');
    expect(deploy.details['org']).toBe('Octocoders');
  });

  it('takes the event kind from the X-GitHub-Event hint when given', () => {
    const e = runOne(plugin, ev({ action: 'created', repository: { full_name: 'o/r' }, sender: { login: 'x' }, 'x-github-event': 'repository' }));
    expect(e.summary).toBe('github repository created by x on o/r');
  });

  it('ignores unrelated events', () => {
    expect(registers(plugin, ev({ action: 'login', user: 'x' }))).toBe(false);
    const e = runOne(plugin, ev({ something: 1 }, 'github'));
    expect(e.category).toBe('');
  });
});
