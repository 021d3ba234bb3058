// `tmc encryption rewrite`: re-encrypts every stored Secret with the first key of the key file,
// run against the server's store (the same --data-dir or --database-url and key file) while the
// servers run. A rotation: put a new key first in the file, restart every server, run this,
// then drop the old key and restart again.
import { join } from 'node:path';
import { Command } from 'commander';
import { flag } from './options.js';

interface RewriteFlags {
  dataDir: string;
  databaseUrl?: string;
  encryptionKeyFile?: string;
}

export function encryptionCommand(): Command {
  const command = new Command('encryption').description('Secret encryption at rest');
  command.addCommand(
    new Command('rewrite')
      .description('re-encrypt every stored Secret with the first key of the encryption key file')
      .addOption(flag('--data-dir <dir>', "the server's data directory (SQLite file, default key file)", './data'))
      .addOption(flag('--database-url <url>', "postgres:// URL of the server's PostgreSQL store"))
      .addOption(flag('--encryption-key-file <file>', 'the key file (default: <data-dir>/encryption.key)'))
      .action(async (flags: RewriteFlags) => {
        const [{ resolveConfig }, { pino }, { openStore }, { EncryptingStore }, keyFiles, { SecretCipher }, rewrite] =
          await Promise.all([
            import('../config.js'),
            import('pino'),
            import('../store/open-store.js'),
            import('../store/encrypting-store.js'),
            import('../store/encryption-keys.js'),
            import('../store/secret-cipher.js'),
            import('../store/rewrite-secrets.js'),
          ]);
        try {
          const { dataDir, databaseUrl, encryptionKeyFile } = flags;
          const config = resolveConfig({ dataDir, databaseUrl, encryptionKeyFile });
          // The key file must exist here: a rewrite never makes a new key.
          const keyFile = config.encryptionKeyFile ?? join(config.dataDir, keyFiles.DEFAULT_KEY_FILE);
          const cipher = new SecretCipher(keyFiles.readKeyFile(keyFile));
          const base = await openStore(config, pino({ level: 'silent' }));
          const store = new EncryptingStore(base, cipher);
          try {
            await store.migrate();
            const { total, rewritten } = await rewrite.rewriteSecrets(store);
            process.stdout.write(`${rewritten} of ${total} Secrets re-encrypted with key "${cipher.primaryKeyName}"\n`);
          } finally {
            await store.close();
          }
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the key file does not exist: ' : '';
          process.stderr.write(`tmc encryption rewrite: ${code}${(error as Error).message}\n`);
          process.exit(1);
        }
      }),
  );
  return command;
}
