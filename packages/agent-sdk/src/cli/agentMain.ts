import { Command, CommanderError } from 'commander';
import { createAgentFromConfig } from '../agent/createAgentFromConfig';
import { loadAgentConfig } from '../agent/loadAgentConfig';
import { AgentError } from '../errors/AgentError';

/** Where a CLI writes, and how it learns it should stop (tests pass their own). */
export interface CliIo {
  /** Standard output. */
  stdout: (text: string) => void;
  /** Standard error. */
  stderr: (text: string) => void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM in the real bin). */
  stopSignal?: Promise<void>;
}

/**
 * `vigil-agent --config agent.yaml [--once]`: runs an agent as a daemon, or checks in once (handles what waits in
 * its queue, answers, exits). Returns the exit code.
 */
export async function agentMain(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('vigil-agent')
    .description('Vigil agent: runs signed investigation actions from the broker in isolated module workers')
    .requiredOption('-c, --config <file>', 'agent YAML configuration')
    .option('--once', 'check in once: handle pending actions, answer, exit')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  let options: { config: string; once?: boolean };
  try {
    options = program.parse(argv, { from: 'user' }).opts<{ config: string; once?: boolean }>();
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  let configured;
  try {
    const config = await loadAgentConfig(options.config);
    configured = await createAgentFromConfig(config, {
      logger: {
        debug: () => undefined,
        info: (m) => io.stderr(`${m}\n`),
        warn: (m, f) => io.stderr(`warning: ${m} ${f === undefined ? '' : JSON.stringify(f)}\n`),
      },
      onResult: (r) => io.stderr(`action ${r.actionid}: ${r.status}${r.reason === undefined ? '' : ` (${r.reason})`}\n`),
    });
  } catch (error) {
    io.stderr(`vigil-agent: ${error instanceof AgentError ? error.message : String(error)}\n`);
    return 1;
  }
  const { agent } = configured;
  try {
    if (options.once === true) {
      if (configured.replayJournal === undefined) {
        io.stderr('warning: no replayJournal in the configuration: a copy of an action replayed between two check-ins would not be recognized\n');
      }
      const count = await agent.checkIn();
      io.stdout(`${agent.environment.id}: handled ${count} action(s)\n`);
      return 0;
    }
    await agent.start();
    io.stderr(`vigil-agent ${agent.environment.id} running (queue agt.${agent.environment.id})\n`);
    await (io.stopSignal ?? new Promise<void>(() => undefined));
    return 0;
  } catch (error) {
    io.stderr(`vigil-agent: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await configured.close();
  }
}
