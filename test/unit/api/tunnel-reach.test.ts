// Which way a proxy request goes: this replica's tunnel, the replica the directory names, or a
// 503; and never on again from a request another replica passed here, nor to this replica itself.
import t from 'tap';
import { pino } from 'pino';
import { FORWARDED_HEADER, PeerDialer } from '../../../src/api/agent/tunnel/peer-tunnel.js';
import { TunnelHub } from '../../../src/api/agent/tunnel/tunnel-hub.js';
import { TunnelReach } from '../../../src/api/agent/tunnel/tunnel-reach.js';
import type { TunnelDirectory } from '../../../src/store/tunnel-directory.js';
import type { Store } from '../../../src/store/types.js';

const target = { kind: 'SyncTarget', metadata: { name: 'edge-1', uid: 'uid-1' } };
const store = {
  get: async (key: { name: string }) => (key.name === 'edge-1' ? target : undefined),
} as unknown as Store;

function directoryAt(peer: string | undefined): TunnelDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    connected: () => undefined,
    disconnected: () => undefined,
    locate: async (name, uid) => {
      asked.push(`${name}/${uid}`);
      return peer;
    },
    close: async () => undefined,
  };
}

t.test('a tunnel elsewhere is reached through its replica, once at most', async (t) => {
  const peers = new PeerDialer('https://b:6443', undefined);
  t.teardown(() => peers.close());
  const hub = new TunnelHub(pino({ level: 'silent' }));
  const elsewhere = directoryAt('https://a:6443');
  const reach = new TunnelReach(hub, store, elsewhere, peers);

  const opener = await reach.reach('edge-1', { authorization: 'Bearer x' });
  t.type(opener.open, 'function', 'a way through replica a');
  t.same(elsewhere.asked, ['edge-1/uid-1'], 'the directory was asked for this incarnation');

  await t.rejects(
    reach.reach('edge-1', { [FORWARDED_HEADER]: 'https://c:6443' }),
    { code: 503 },
    'not passed on twice',
  );
  t.equal(elsewhere.asked.length, 1, 'a passed request does not even ask');
  await t.rejects(reach.reach('edge-2', {}), { code: 404 }, 'an unknown target');

  const self = new TunnelReach(hub, store, directoryAt('https://b:6443'), peers);
  await t.rejects(self.reach('edge-1', {}), { code: 503 }, 'a row naming this replica is no way out');
  const alone = new TunnelReach(hub, store, directoryAt('https://a:6443'));
  await t.rejects(alone.reach('edge-1', {}), { code: 503 }, 'without --peer-url nothing is passed on');
});
