// Context selection shared by the syncer and the kcp mirror: the picked context's cluster, and
// errors that name the flag and what the file offers.
import { KubeConfig } from '@kubernetes/client-node';
import t from 'tap';
import { selectContext } from '../../../src/lib/kube-context.js';

const source = { flag: '--context', file: 'the test kubeconfig' };

function config(currentContext: string): KubeConfig {
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromOptions({
    clusters: [
      { name: 'a', server: 'https://a.example:6443' },
      { name: 'b', server: 'https://b.example:6443' },
    ],
    users: [{ name: 'u' }],
    contexts: [
      { name: 'ctx-a', cluster: 'a', user: 'u' },
      { name: 'ctx-b', cluster: 'b', user: 'u' },
    ],
    currentContext,
  });
  return kubeconfig;
}

t.test('no context keeps the current one; a named one is switched to', async (t) => {
  const kubeconfig = config('ctx-a');
  selectContext(kubeconfig, undefined, source);
  t.equal(kubeconfig.getCurrentCluster()?.server, 'https://a.example:6443');
  selectContext(kubeconfig, 'ctx-b', source);
  t.equal(kubeconfig.getCurrentCluster()?.server, 'https://b.example:6443');
});

t.test('an unknown context is named with the ones there are, and nothing is switched', async (t) => {
  const kubeconfig = config('ctx-a');
  t.throws(() => selectContext(kubeconfig, 'nope', source), {
    message: '--context "nope" is not in the test kubeconfig (its contexts: ctx-a, ctx-b)',
  });
  t.equal(kubeconfig.getCurrentContext(), 'ctx-a');
});

t.test('a file whose current context names no cluster says which flag to pass', async (t) => {
  t.throws(() => selectContext(config(''), undefined, source), {
    message: 'the test kubeconfig names no cluster for its current context: pass --context NAME',
  });
});
