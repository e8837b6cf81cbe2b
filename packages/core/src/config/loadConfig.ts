import { readFile } from 'node:fs/promises';
import { VigilError } from '../errors/VigilError';
import { parseConfig } from './parseConfig';
import type { VigilConfig } from './VigilConfig';

/**
 * Reads and validates a YAML configuration file.
 * @throws VigilError `CONFIG_INVALID` listing every problem with its path, or `CONFIG_UNREADABLE`.
 */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<VigilConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new VigilError('CONFIG_UNREADABLE', `cannot read the configuration file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const result = parseConfig(text, env);
  if (!result.ok) {
    throw new VigilError('CONFIG_INVALID', `${file} is not a valid Vigil configuration:\n  - ${result.errors.join('\n  - ')}`);
  }
  return result.config;
}
