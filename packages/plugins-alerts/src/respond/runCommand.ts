import { execFile } from 'node:child_process';
import type { ResponsePlugin, VigilAlert } from '@vigil/core';
import { VigilError } from '@vigil/core';
import { withRetry } from '../internal/withRetry';
import { compileTemplate } from '../internal/template';
import type { RetryOptions } from './RetryOptions';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  /** Program and arguments, no shell: each element is one argv entry, templated with `{{alert.path}}` (e.g. `{{rule.id}}`, `{{details.key}}`). */
  argv: readonly string[];
  /** Kill the program after this long, ms. @default 30000 */
  timeoutMs?: number;
  /** Working directory. @default the process's */
  cwd?: string;
  /** Environment (replaces the process's; templated too). @default the process's */
  env?: Readonly<Record<string, string>>;
  /** Retries of a failed run. @default one attempt */
  retry?: RetryOptions;
  /** Only these alerts. */
  filter?: (alert: VigilAlert) => boolean;
  /** Plugin name. @default 'respond:command' */
  name?: string;
}

/** Result of one run, as seen by tests and `onResult`. */
export interface CommandResult {
  argv: string[];
  stdout: string;
  stderr: string;
}

/**
 * Runs a program for each alert, without a shell: every argv element is filled from the alert by a safe template
 * (values are substituted as text into that one argument, never parsed), so an alert field cannot inject a
 * command. The run is killed after `timeoutMs`; a non-zero exit or a timeout is retried, then rejected.
 */
export function runCommand(options: RunCommandOptions): ResponsePlugin & { readonly lastResult?: CommandResult } {
  if (options.argv.length === 0 || options.argv[0] === '') throw new VigilError('RESPONSE_OPTIONS', 'command: argv needs at least the program');
  const parts = options.argv.map(compileTemplate);
  const env = options.env === undefined ? undefined : Object.entries(options.env).map(([k, v]) => [k, compileTemplate(v)] as const);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const plugin: ResponsePlugin & { lastResult?: CommandResult } = {
    name: options.name ?? 'respond:command',
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    async respond(alert, { signal }) {
      const argv = parts.map((p) => p(alert));
      const [file, ...args] = argv as [string, ...string[]];
      const environment = env === undefined ? undefined : Object.fromEntries(env.map(([k, t]) => [k, t(alert)]));
      plugin.lastResult = await withRetry(
        () =>
          new Promise<CommandResult>((resolve, reject) => {
            execFile(
              file,
              args,
              { shell: false, timeout: timeoutMs, killSignal: 'SIGKILL', signal, maxBuffer: 1024 * 1024, ...(options.cwd === undefined ? {} : { cwd: options.cwd }), ...(environment === undefined ? {} : { env: environment }) },
              (error, stdout, stderr) => {
                if (error) reject(new Error(`command ${file} failed: ${error.killed ? `killed after ${timeoutMs} ms` : error.message}`, { cause: error }));
                else resolve({ argv, stdout, stderr });
              },
            );
          }),
        { attempts: 1, ...options.retry },
        signal,
      );
    },
  };
  return plugin;
}
