import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { DATE_RANGE_TEXT, isInstantInRange } from './domain/time.js';
import { AppError } from './errors.js';

/**
 * Where Hands-on keeps its data and how it reaches it. One schema; later sources win:
 * defaults < config file (`$XDG_CONFIG_HOME/handson/config.json`) < environment < command-line flags.
 * Every bad field is reported at once, in one message, so a user fixes their setup in one go.
 */
const ConfigSchema = z.object({
  dataDir: z.string().min(1, 'expected a folder path'),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL')
    .optional(),
  /** PostgreSQL schema to keep Hands-on's tables in (several installs can share one database). */
  databaseSchema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lowercase schema name of letters, digits and _')
    .optional(),
  key: z.string().min(1, 'expected a non-empty passphrase').optional(),
  /** "Now", for tests and scripted replays: an ISO 8601 instant. */
  now: z.iso
    .datetime({ offset: true, message: 'expected an ISO 8601 date-time such as 2026-11-25T09:00:00Z' })
    .refine(isInstantInRange, { message: `expected a moment ${DATE_RANGE_TEXT}` })
    .optional(),
  color: z.boolean(),
});

export type Config = z.infer<typeof ConfigSchema>;

const ENV_FIELDS: Record<string, keyof Config> = {
  HANDSON_DATA: 'dataDir',
  HANDSON_DATABASE_URL: 'databaseUrl',
  HANDSON_DATABASE_SCHEMA: 'databaseSchema',
  HANDSON_KEY: 'key',
  HANDSON_NOW: 'now',
};

export function defaultDataDir(env: NodeJS.ProcessEnv): string {
  const base = env['XDG_DATA_HOME'] || join(env['HOME'] || homedir(), '.local', 'share');
  return join(base, 'handson');
}

function configFilePath(env: NodeJS.ProcessEnv): string {
  const base = env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config');
  return join(base, 'handson', 'config.json');
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AppError('invalid', `Could not read the config file ${path}: ${(e as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new AppError('invalid', `The config file ${path} is not a JSON object; fix or remove it.`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv, flags: { data?: string | undefined } = {}): Config {
  const file = readConfigFile(configFilePath(env));
  const merged: Record<string, unknown> = { dataDir: defaultDataDir(env), color: true };
  for (const key of ['dataDir', 'databaseUrl', 'databaseSchema'] as const)
    if (key in file) merged[key] = file[key];
  for (const [name, key] of Object.entries(ENV_FIELDS)) {
    const value = env[name];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  // https://no-color.org: any non-empty value turns colour off.
  if (env['NO_COLOR']) merged['color'] = false;
  if (flags.data !== undefined) merged['dataDir'] = flags.data;

  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const fieldNames: Record<string, string> = {
      dataDir: '--data / HANDSON_DATA',
      databaseUrl: 'HANDSON_DATABASE_URL',
      databaseSchema: 'HANDSON_DATABASE_SCHEMA',
      key: 'HANDSON_KEY',
      now: 'HANDSON_NOW',
    };
    const problems = parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      return `${fieldNames[field] ?? field}: ${i.message}`;
    });
    throw new AppError('invalid', `Configuration is not valid — ${problems.join('; ')}.`);
  }
  return parsed.data;
}
