// The server's settings table is the one source of `tmc server`'s flags and of ServerConfig's
// defaults: every setting is a config field, takes its default there, and is a flag of the command.
import t from 'tap';
import { ServerConfig, resolveConfig } from '../../../src/config.js';
import { serverCommand } from '../../../src/cli/server-command.js';
import { SERVER_SETTINGS, defaultOf } from '../../../src/settings.js';

t.test('every setting is a ServerConfig field; every field is one, but the token from the environment', async (t) => {
  const fields = Object.keys(ServerConfig.properties).filter((field) => field !== 'adminToken');
  t.same(Object.keys(SERVER_SETTINGS).sort(), fields.sort());
});

t.test('ServerConfig takes each default from the table, durations in milliseconds', async (t) => {
  const config = resolveConfig({}) as Record<string, unknown>;
  for (const [field, setting] of Object.entries(SERVER_SETTINGS)) t.same(config[field], defaultOf(setting), field);
  t.equal(config.heartbeatThresholdMs, 60_000);
  t.equal(config.port, 6443);
  t.same(config.tlsSans, []);
  t.equal(config.insecureHttp, false);
});

t.test('tmc server has one flag per setting, in table order, each with its description and variable', async (t) => {
  const options = serverCommand().options;
  const settings = Object.values(SERVER_SETTINGS);
  t.same(
    options.map((o) => o.flags),
    settings.map((s) => s.flag),
  );
  t.same(
    options.map((o) => o.description),
    settings.map((s) => s.description),
  );
  t.equal(options.find((o) => o.long === '--heartbeat-flush-interval')?.envVar, 'TMC_HEARTBEAT_FLUSH_INTERVAL');
  t.equal(options.find((o) => o.long === '--heartbeat-interval')?.defaultValueDescription, '20s', 'shown as written');
});
