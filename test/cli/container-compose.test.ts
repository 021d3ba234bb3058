import t from 'tap';
import { parse } from 'yaml';
import { commandNamed, environmentOf, flagDefault, read } from './container-helpers.js';

t.test('docker-compose.yml agrees with the CLI', async (t) => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, any>;
    secrets?: Record<string, unknown>;
  };
  const { services } = compose;
  t.same(Object.keys(services).sort(), ['postgres', 'server', 'syncer']);
  for (const [name, service] of Object.entries(services)) t.ok(service.healthcheck?.test, `${name} has a health check`);
  t.match(services.postgres.image, /^postgres:16/);

  for (const [name, service] of Object.entries(services)) {
    if (!service.command) continue;
    const command = commandNamed(service.command[0]);
    const variables = Object.keys(service.environment ?? {}).filter((k) => k.startsWith('TMC_'));
    if (!command) {
      t.fail(`${name} runs "tmc ${service.command[0]}", which is no command of tmc`);
      continue;
    }
    const known = environmentOf(command);
    for (const variable of variables)
      t.ok(known.has(variable), `${name}: ${variable} is a flag of tmc ${command.name()}`);
  }

  const server = services.server;
  const port = String(server.environment.TMC_PORT ?? flagDefault('server', '--port'));
  t.ok(
    server.ports.some((p: string) => String(p).endsWith(`:${port}`)),
    `the published port maps to ${port}`,
  );
  t.match(
    server.healthcheck.test.join(' '),
    `127.0.0.1:${port}/readyz`,
    'the health check asks the port the server listens on',
  );
  const database = new URL(server.environment.TMC_DATABASE_URL.replace(/\$\{POSTGRES_PASSWORD:-(\w+)\}/, '$1'));
  t.equal(database.protocol, 'postgres:');
  t.equal(database.hostname, 'postgres', 'the server talks to the postgres service');
  t.equal(database.port, '5432');
  t.equal(database.username, services.postgres.environment.POSTGRES_USER);
  t.equal(database.pathname, `/${services.postgres.environment.POSTGRES_DB}`);
  t.equal(server.depends_on.postgres.condition, 'service_healthy', 'the server waits for a healthy database');
  t.match(
    server.environment.TMC_ADMIN_TOKEN,
    /^\$\{TMC_ADMIN_TOKEN:\?/,
    'the admin token must be given, never defaulted',
  );

  const syncer = services.syncer;
  const upstream = new URL(syncer.environment.TMC_SERVER);
  t.equal(upstream.hostname, 'server', 'the syncer talks to the server service');
  t.equal(upstream.port, port, 'on the port it listens on');
  const [secret] = syncer.secrets as string[];
  t.ok(compose.secrets?.[secret!], 'the token secret is defined');
  t.equal(syncer.environment.TMC_TOKEN_FILE, `/run/secrets/${secret}`, 'the token file is the mounted secret');
  const mountTargets = syncer.volumes.map((v: string) => /:(\/[^:]*)(:ro|:rw)?$/.exec(v)?.[1]);
  t.ok(mountTargets.includes(syncer.environment.TMC_KUBECONFIG), 'the kubeconfig is a mounted volume');
  t.equal(syncer.depends_on.server.condition, 'service_healthy');
});
