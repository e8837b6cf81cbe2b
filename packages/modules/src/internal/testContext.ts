import type { ModuleContext } from '@vigil/agent-sdk';

/** A module context for tests: a fresh signal, a deadline `ms` away, a silent logger. */
export function testContext(ms = 20_000, signal: AbortSignal = new AbortController().signal): ModuleContext {
  const quiet = (): void => undefined;
  return { signal, deadline: Date.now() + ms, logger: { debug: quiet, info: quiet, warn: quiet } };
}
