import { describe, expect, it } from 'vitest';
import { createAlert } from '../alert/createAlert';
import { makeEvent } from '../internal/makeEvent';
import type { AgentActionTemplate, AgentDispatcher, DispatchResult } from './AgentDispatcher';
import { buildActionTemplate, dispatchAction } from './dispatchAction';

const alert = createAlert({
  rule: { id: 'exec-from-tmp', name: 'Execution from /tmp' },
  summary: 's',
  events: [makeEvent({ hostname: 'web1', details: { exe: '/tmp/x' } })],
  details: { key: 'web1|/tmp/x' },
});
const ops = [{ module: 'file', parameters: { searches: { s1: { paths: ['{{events.0.event.details.exe}}'], sha256: ['*'] } } } }];

/** A dispatcher that records actions and answers from a script (the agent SDK provides the real one). */
function recorder(answers: Array<DispatchResult | Error>): AgentDispatcher & { actions: AgentActionTemplate[] } {
  const actions: AgentActionTemplate[] = [];
  return {
    actions,
    async dispatch(action) {
      actions.push(action);
      const next = answers.shift() ?? { ok: true, actionId: 'a1' };
      if (next instanceof Error) throw next;
      return next;
    },
  };
}

describe('agent action bridge', () => {
  it('builds an action template from the alert (target and parameters templated, validity window)', () => {
    const t = buildActionTemplate(alert, { target: "hostname = '{{events.0.event.hostname}}'", operations: ops, validForMs: 60_000 }, new Date('2024-01-01T00:00:00Z'));
    expect(t).toEqual({
      name: 'vigil alert exec-from-tmp web1|/tmp/x',
      target: "hostname = 'web1'",
      operations: [{ module: 'file', parameters: { searches: { s1: { paths: ['/tmp/x'], sha256: ['*'] } } } }],
      validFrom: '2024-01-01T00:00:00.000Z',
      expireAfter: '2024-01-01T00:01:00.000Z',
      origin: { alertId: alert.id, ruleId: 'exec-from-tmp' },
    });
  });

  it('dispatches, retries a throwing dispatcher, and rejects on a refusal', async () => {
    const results: DispatchResult[] = [];
    const d = recorder([new Error('transport down'), { ok: true, actionId: 'x1' }, { ok: false, code: 'ACL_DENIED', reason: 'not allowed' }]);
    const plugin = dispatchAction({ dispatcher: d, target: "hostname = '{{events.0.event.hostname}}'", operations: ops, retry: { attempts: 2, minDelayMs: 5 }, onResult: (_a, r) => results.push(r) });
    const ctx = { pluginName: plugin.name, signal: new AbortController().signal };
    await plugin.respond(alert, ctx);
    await expect(plugin.respond(alert, ctx)).rejects.toThrow(/refused \(ACL_DENIED\): not allowed/);
    expect(d.actions).toHaveLength(3);
    expect(results).toEqual([{ ok: true, actionId: 'x1' }, { ok: false, code: 'ACL_DENIED', reason: 'not allowed' }]);
  });
});
