// kubectl's imperative commands against a real `tmc server`: `kubectl create <kind>`, `expose` and
// `autoscale` send the built-in kinds in protobuf form, which tmc reads into the same objects the
// JSON form gives. Each object is read back as kubectl's own JSON to check what was stored.
import t from 'tap';
import { waitFor } from '../helpers/wait.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  await t.test('kubectl create, expose and autoscale make their objects on tmc', async (t) => {
    const { run, ok } = await kubectlOnTmc(t, kubectlBin);
    const get = async (what: string) => JSON.parse(await ok('get', what, '-o', 'json'));
    const created = async (args: string[], says: RegExp) => t.match(await ok(...args), says, args.join(' '));

    await created(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=0', '--port=80'], /created/);
    t.match((await get('deployment/web')).spec, {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } },
    });
    await created(['create', 'configmap', 'settings', '--from-literal=mode=fast'], /created/);
    t.same((await get('configmap/settings')).data, { mode: 'fast' });
    await created(['create', 'secret', 'generic', 'creds', '--from-literal=user=admin'], /created/);
    t.same((await get('secret/creds')).data, { user: Buffer.from('admin').toString('base64') });
    await created(['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'], /created/);
    t.match((await get('job/once')).spec.template.spec, {
      restartPolicy: 'Never',
      containers: [{ command: ['echo', 'hi'] }],
    });
    await created(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *'], /created/);
    t.equal((await get('cronjob/tick')).spec.schedule, '*/5 * * * *');
    await created(['expose', 'deployment', 'web', '--port=80', '--target-port=8080'], /exposed/);
    t.match((await get('service/web')).spec, { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] });
    await created(['create', 'service', 'nodeport', 'edge', '--tcp=5678:http'], /created/);
    t.match((await get('service/edge')).spec, { type: 'NodePort', ports: [{ port: 5678, targetPort: 'http' }] });
    await created(['create', 'serviceaccount', 'robot'], /created/);
    await created(['create', 'role', 'reader', '--verb=get,list', '--resource=configmaps'], /created/);
    await created(['create', 'rolebinding', 'read', '--role=reader', '--user=alice'], /created/);
    t.match(await get('rolebinding/read'), {
      roleRef: { kind: 'Role', name: 'reader' },
      subjects: [{ name: 'alice' }],
    });
    const rule = '--rule=shop.example/cart*=web:80,tls=shop-tls';
    await created(['create', 'ingress', 'shop', '--class=nginx', rule], /created/);
    t.match((await get('ingress/shop')).spec, {
      ingressClassName: 'nginx',
      rules: [{ host: 'shop.example', http: { paths: [{ path: '/cart', pathType: 'Prefix' }] } }],
      tls: [{ hosts: ['shop.example'], secretName: 'shop-tls' }],
    });
    await created(['create', 'pdb', 'web', '--selector=app=web', '--min-available=50%'], /created/);
    t.equal((await get('pdb/web')).spec.minAvailable, '50%');
    await created(['autoscale', 'deployment', 'web', '--max=5', '--cpu=80%'], /autoscaled/);
    t.match((await get('hpa/web')).spec, {
      maxReplicas: 5,
      metrics: [{ resource: { target: { averageUtilization: 80 } } }],
    });
    await created(['create', 'clusterrolebinding', 'devs', '--clusterrole=view', '--group=devs'], /created/);
    await created(['create', 'quota', 'bounds', '--hard=pods=10,requests.cpu=2', '--scopes=NotTerminating'], /created/);
    t.same((await get('quota/bounds')).spec, { hard: { pods: '10', 'requests.cpu': '2' }, scopes: ['NotTerminating'] });
    t.match(await ok('get', 'quota'), /bounds .*pods: 10, requests\.cpu: 2/, "kubectl's columns, the hard limits");

    const invalid = await run('create', 'configmap', 'Bad_Name', '--from-literal=a=b');
    t.not(invalid.code, 0);
    t.match(invalid.stderr, /metadata\.name: Invalid value: "Bad_Name"/, "the server's validation, as for JSON");
    const dry = await ok('create', 'deployment', 'draft', '--image=nginx', '--dry-run=server');
    t.match(dry, /created \(server dry run\)/);
    t.not((await run('get', 'deployment/draft')).code, 0, 'a server dry run writes nothing');
  });

  await t.test(
    'kubectl create job --from=cronjob: the CronJob owns the Job, and its delete takes the Job along',
    async (t) => {
      const { ok } = await kubectlOnTmc(t, kubectlBin);
      const get = async (what: string) => JSON.parse(await ok('get', what, '-o', 'json'));
      await ok('create', 'cronjob', 'nightly', '--image=busybox', '--schedule=0 1 * * *', '--', 'echo', 'hi');
      const cron = await get('cronjob/nightly');
      t.match(await ok('create', 'job', 'by-hand', '--from=cronjob/nightly'), /created/);
      const job = await get('job/by-hand');
      t.same(job.metadata.ownerReferences, [
        { apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: cron.metadata.uid, controller: true },
      ]);
      t.same(job.metadata.annotations, { 'cronjob.kubernetes.io/instantiate': 'manual' });
      await ok('create', 'job', 'kept', '--from=cronjob/nightly');
      await ok('delete', 'job', 'kept', '--cascade=orphan', '--dry-run=server');
      await ok('delete', 'cronjob', 'nightly');
      // The server dry run of an orphaning delete changed nothing: both Jobs are still the CronJob's.
      const jobs = () => ok('get', 'jobs', '-o', 'name');
      await waitFor(async () => (await jobs()).trim() === '', 'both Jobs the CronJob owned to go with it');

      await ok('create', 'cronjob', 'weekly', '--image=busybox', '--schedule=0 1 * * 0');
      await ok('create', 'job', 'stays', '--from=cronjob/weekly');
      await ok('delete', 'cronjob', 'weekly', '--cascade=orphan');
      t.equal((await get('job/stays')).metadata.ownerReferences, undefined, 'orphaned: kept, without the reference');
    },
  );
}
