import { readFile } from 'node:fs/promises';
import { Command, CommanderError } from 'commander';
import { createHttpComplianceSender } from '../compliance/HttpComplianceSender';
import { AgentError } from '../errors/AgentError';
import { createInvestigator } from '../investigator/Investigator';
import { keySigner } from '../investigator/keySigner';
import { parseDuration } from '../investigator/parseDuration';
import { formatProgress, renderInvestigation } from '../investigator/renderInvestigation';
import type { ShowMode } from '../module/ModuleDefinition';
import { loadModules } from '../module/loadModules';
import { parseFlags } from '../module/parseFlags';
import { createAmqpInvestigatorTransport } from '../transport/AmqpInvestigatorTransport';
import type { CliIo } from './agentMain';

interface InvestigateOptions {
  target?: string;
  show: string;
  expiry: string;
  json?: boolean;
  key: string[];
  amqp: string;
  modules: string;
  modulesExport: string;
  discover: string;
  timeout?: string;
  name?: string;
  compliance?: boolean;
  complianceUrl?: string;
  toAgents?: string;
  toSchedulers?: string;
  queuePrefix?: string;
  transientActions?: boolean;
}

// MIG mixes the investigator's own flags with the module's (`mig file -t "..." -path /etc -show all`): pull every
// flag the investigator knows out of the command line first, wherever it is, and leave the rest to the module.
const MIG_ALIASES: Record<string, string> = { '-target': '--target', '-show': '--show', '-json': '--json', '-expiry': '--expiry' };

function separate(program: Command, argv: readonly string[]): string[] {
  const own: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      rest.push(...argv.slice(i + 1));
      break;
    }
    const eq = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = MIG_ALIASES[token] ?? (eq > 0 ? token.slice(0, eq) : token);
    if (flag === '--help' || flag === '-h') {
      own.push('--help');
      continue;
    }
    const option = program.options.find((o) => o.long === flag || o.short === flag);
    if (option === undefined) {
      rest.push(token);
      continue;
    }
    if (eq > 0) own.push(flag, token.slice(eq + 1));
    else if (option.required || option.optional) {
      const value = argv[i + 1];
      own.push(flag);
      if (value !== undefined) own.push(value);
      i++;
    } else own.push(flag);
  }
  return [...own, '--', ...rest];
}

/**
 * `vigil-investigate <module> [module flags] -t <target> [-show found|notfound|all] [-e 10m] [--json] [--key file…]
 * [--amqp url]`: builds an action from MIG-style module flags, signs it with every key, discovers agents, sends the
 * action to those matching the target, shows a live progress line on stderr and prints the results. Returns the exit code.
 */
export async function investigateMain(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('vigil-investigate')
    .description('Run a Vigil module on the agents matching a target, MIG-style: vigil-investigate file -path /etc -name "^passwd$" -t \'os == "linux"\'')
    .argument('<module>', 'module to run')
    .argument('[flags...]', 'module flags, e.g. -path /etc -name "^passwd$"')
    .option('-t, --target <selector>', 'which agents: os == "linux" && tags.env == "prod"')
    .option('--show <mode>', 'found, notfound or all', 'found')
    .option('-e, --expiry <duration>', 'how long the action is valid, e.g. 10m', '5m')
    .option('--json', 'print results as JSON')
    .option('--key <file>', 'armored private key to sign with; repeat to co-sign; passphrase in VIGIL_KEY_PASSPHRASE', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('--amqp <url>', 'broker URL', process.env['VIGIL_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672')
    .option('--modules <specifier>', 'where module definitions come from', '@vigil/modules')
    .option('--modules-export <name>', 'export holding the module list', 'allModules')
    .option('--discover <duration>', 'how long to wait for agents to announce themselves', '2s')
    .option('--timeout <duration>', 'how long to wait for answers (default: until the action expires)')
    .option('--name <name>', 'action name')
    .option('--compliance', 'mark the action as a compliance check (threat family compliance)')
    .option('--compliance-url <url>', 'send compliance items to this Vigil /events endpoint')
    .option('--to-agents <exchange>', 'exchange carrying actions')
    .option('--to-schedulers <exchange>', 'exchange carrying results and heartbeats')
    .option('--queue-prefix <prefix>', 'prefix of agent queues')
    .option('--transient-actions', "publish actions as transient messages: lost if the broker restarts before an agent takes them, but they spare the broker a file per agent queue (fleets of thousands)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  try {
    program.parse(separate(program, argv), { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const [moduleName, moduleArgs = []] = program.processedArgs as [string, string[] | undefined];
  const options = program.opts<InvestigateOptions>();
  const usage = (message: string): number => {
    io.stderr(`vigil-investigate: ${message}\n`);
    return 2;
  };
  if (options.target === undefined) return usage('a target is required: -t \'os == "linux"\' (or -t true for every agent)');
  if (!['found', 'notfound', 'all'].includes(options.show)) return usage(`-show must be found, notfound or all, not "${options.show}"`);
  const expiresInMs = parseDuration(options.expiry);
  if (expiresInMs === undefined) return usage(`-e needs a duration like 10m, not "${options.expiry}"`);
  const discoverMs = parseDuration(options.discover) ?? 2000;
  const timeoutMs = options.timeout === undefined ? undefined : parseDuration(options.timeout);
  if (options.timeout !== undefined && timeoutMs === undefined) return usage(`--timeout needs a duration like 30s, not "${options.timeout}"`);
  if (options.key.length === 0) return usage('at least one signing key is needed: --key investigator.asc');

  let investigator;
  try {
    const registry = await loadModules({ specifier: options.modules, exportName: options.modulesExport });
    const module = registry.get(moduleName);
    if (module === undefined) return usage(`no module "${moduleName}"; available: ${registry.list().map((m) => m.definition.name).join(', ')}`);
    const flags = parseFlags(module.definition, moduleArgs);
    if (!flags.ok) return usage(flags.reason);
    const passphrase = process.env['VIGIL_KEY_PASSPHRASE'];
    const keys = await Promise.all(
      options.key.map(async (file) => ({ armoredPrivateKey: await readFile(file, 'utf8'), ...(passphrase === undefined ? {} : { passphrase }) })),
    );
    investigator = createInvestigator({
      transport: createAmqpInvestigatorTransport({
        url: options.amqp,
        topology: {
          ...(options.toAgents === undefined ? {} : { toAgents: options.toAgents }),
          ...(options.toSchedulers === undefined ? {} : { toSchedulers: options.toSchedulers }),
          ...(options.queuePrefix === undefined ? {} : { queuePrefix: options.queuePrefix }),
        },
        persistentActions: options.transientActions !== true,
      }),
      signer: keySigner(keys),
      registry,
    });
    const action = investigator.buildAction({
      name: options.name ?? `${moduleName} ${moduleArgs.join(' ')}`.trim(),
      target: options.target,
      operations: [{ module: moduleName, parameters: flags.params }],
      expiresInMs,
      ...(options.compliance === true ? { threat: { family: 'compliance', level: 'medium' } } : {}),
    });
    await investigator.start();
    io.stderr(`discovering agents for ${options.discover}…\n`);
    await investigator.discover(discoverMs);
    const selected = investigator.select(options.target);
    io.stderr(`${selected.length} agent(s) match ${options.target}\n`);
    const report = await investigator.run(action, {
      agents: selected,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      onProgress: (p) => io.stderr(`\r${formatProgress(p)}`),
    });
    io.stderr(`\r${formatProgress(report.progress)}\n`);
    if (options.json === true) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else io.stdout(`${renderInvestigation(report, { registry, show: options.show as ShowMode })}\n`);
    if (options.complianceUrl !== undefined && report.compliance.length > 0) {
      const sent = await createHttpComplianceSender({ url: options.complianceUrl }).send(report.compliance);
      io.stderr(sent.ok ? `sent ${sent.sent} compliance item(s)\n` : `compliance items not all sent: ${sent.reason}\n`);
      if (!sent.ok) return 1;
    }
    return 0;
  } catch (error) {
    io.stderr(`vigil-investigate: ${error instanceof AgentError ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await investigator?.close();
  }
}
