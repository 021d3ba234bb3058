// `tmc server`: the control plane. Its flags are the settings table's (settings.ts), in its order.
import { Command, type Option } from 'commander';
import type { ServerConfig } from '../config.js';
import { SERVER_SETTINGS, type Setting } from '../settings.js';
import { durationFlag, flag, integerFlag, listFlag } from './options.js';

/** A setting's flag, with its TMC_* variable and, when it has one, its default as written. */
function optionOf(setting: Setting): Option {
  const { flag: flags, description, default: given } = setting;
  switch (setting.kind) {
    case 'text':
      return flag(flags, description, given);
    case 'switch':
      return flag(flags, description);
    case 'list':
      return listFlag(flags, description);
    case 'integer':
      return integerFlag(flags, description, given!);
    case 'duration':
      return durationFlag(flags, description, given!);
  }
}

export function serverCommand(): Command {
  const command = new Command('server').description(
    'run the control plane (SQLite in --data-dir unless --database-url is given)',
  );
  // Each ServerConfig field and the name commander gives its flag's value (--tls-san: tlsSan).
  const fields = Object.entries(SERVER_SETTINGS).map(([field, setting]) => {
    const option = optionOf(setting);
    command.addOption(option);
    return [field, option.attributeName()] as const;
  });
  return command.action(async (flags: Record<string, unknown>) => {
    // Loaded here, not at the top: the admin verbs share this executable and should not pay
    // for the server's dependencies on every start.
    const [{ ConfigError, resolveConfig }, { startServer }] = await Promise.all([
      import('../config.js'),
      import('../server.js'),
    ]);
    try {
      // Every value is checked there; a flag not given is undefined and takes the default.
      const given = Object.fromEntries(fields.map(([field, attribute]) => [field, flags[attribute]]));
      const config = resolveConfig({
        ...(given as Partial<ServerConfig>),
        adminToken: process.env.TMC_ADMIN_TOKEN || undefined,
      });
      await startServer(config);
    } catch (error) {
      // Start-up failures are the operator's to fix (bad flag, port taken, unreadable file): one line, no stack.
      process.stderr.write(`tmc server: ${(error as Error).message}\n`);
      process.exit(error instanceof ConfigError ? 2 : 1);
    }
  });
}
