// The README's three commands that give a team its own namespace and credential, run exactly as
// written (taken from README.md, so the two cannot drift apart) by bash with the built `tmc` and
// kubectl on PATH and the admin kubeconfig in $KUBECONFIG. The team's token then works in its
// namespace and nowhere else.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { stringify } from 'yaml';
import { TMC_BIN } from '../helpers/server-process.js';
import { ST, until } from './control-plane.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const INTRO = 'A team gets its own namespace and credential in three commands';

/** The command lines of the first ```sh block after INTRO, comments cut off. */
function readmeCommands(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf(INTRO);
  if (at < 0) throw new Error(`README.md no longer says "${INTRO}"`);
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) throw new Error('no sh block after the intro');
  return block[1]!
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line !== '');
}

const bash = (line: string, cwd: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('bash', ['-o', 'pipefail', '-c', line], { cwd, env, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  t.test('the README commands give a team its namespace and credential', async (t) => {
    const commands = readmeCommands();
    t.equal(commands.length, 3, `three commands: ${commands.join(' | ')}`);
    const { dir, plane } = await kubectlOnTmc(t, kubectlBin);
    await plane.ok('POST', ST, { metadata: { name: 'edge-1' } });
    // An operator's shell: `tmc` and `kubectl` on PATH, the admin kubeconfig the server wrote.
    const bin = join(dir, 'bin');
    const work = join(dir, 'work');
    mkdirSync(bin);
    mkdirSync(work);
    writeFileSync(join(bin, 'tmc'), `#!/bin/sh\nexec "${process.execPath}" "${TMC_BIN}" "$@"\n`, { mode: 0o755 });
    symlinkSync(kubectlBin, join(bin, 'kubectl'));
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: work, KUBECONFIG: plane.kubeconfig };

    const outputs: string[] = [];
    for (const line of commands) {
      const result = await bash(line, work, env);
      t.equal(result.code, 0, `${line}: ${result.stderr}`);
      outputs.push(result.stdout);
    }
    const token = readFileSync(join(work, 'alice.token'), 'utf8').trim();
    t.match(token, /^tmcuser_/, 'the token went into alice.token');
    t.match(
      outputs[2],
      /^deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch create update patch delete deletecollection\]$/m,
      'the last command shows what the team may do in its namespace',
    );

    // Alice alone, with nothing but her token.
    const as = (...argv: string[]) => bash(['kubectl', '--token', token, ...argv].join(' '), work, env);
    const manifest = join(work, 'cm.yaml');
    writeFileSync(
      manifest,
      stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'hello' }, data: { a: 'b' } }),
    );
    // The binding reaches RBAC through the change feed: moments.
    const created = await until('alice to create in team-a', async () => {
      const result = await as('apply', '-n', 'team-a', '-f', manifest);
      return result.code === 0 ? result : undefined;
    });
    t.match(created.stdout, /configmap\/hello created/);
    t.equal((await plane.ok('GET', '/api/v1/namespaces/team-a/configmaps/hello')).data.a, 'b');
    const listed = await as('get', 'configmaps', '-n', 'team-a');
    t.match(listed.stdout, /^hello\s/m, 'alice lists her namespace');
    t.equal((await as('delete', 'configmap', 'hello', '-n', 'team-a')).code, 0, 'and deletes in it');

    const elsewhere = await as('apply', '-n', 'team-b', '-f', manifest);
    t.not(elsewhere.code, 0, 'not in another namespace');
    t.match(
      elsewhere.stderr,
      /User "alice" cannot (get|create) resource "configmaps" in API group "" in the namespace "team-b"/,
    );
    const fleet = await as('get', 'synctargets');
    t.not(fleet.code, 0, 'nor the fleet');
    t.match(
      fleet.stderr,
      /User "alice" cannot list resource "synctargets" in API group "workload.kcp.io" at the cluster scope/,
    );
    t.equal((await as('auth', 'can-i', 'create', 'deployments', '-n', 'team-b')).stdout.trim(), 'no');
  });
}
