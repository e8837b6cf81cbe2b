import { Command } from 'commander';
import { VERSION } from '../version';
import { archiveCommands } from './commands/archiveCommands';
import { ingestCommand } from './commands/ingestCommand';
import { pluginsCommand } from './commands/pluginsCommand';
import { searchCommand } from './commands/searchCommand';
import { serveCommand } from './commands/serveCommand';
import { validateConfigCommand } from './commands/validateConfigCommand';

/** The `vigil` command line. */
export function createProgram(): Command {
  const program = new Command('vigil').version(VERSION).description('Vigil: security monitoring pipeline');
  serveCommand(program);
  searchCommand(program);
  ingestCommand(program);
  validateConfigCommand(program);
  pluginsCommand(program);
  archiveCommands(program);
  return program;
}
