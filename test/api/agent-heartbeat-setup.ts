// A full agent report shared by the heartbeat endpoint tests (agent-heartbeat-*.test.ts).

export const REPORT = {
  syncerVersion: 'v0.3.1',
  kubernetesVersion: 'v1.33.2',
  capacity: { cpu: '8', memory: '32Gi', pods: '110' },
  allocatable: { cpu: '7500m', memory: '30Gi', pods: '110' },
  conditions: [
    { type: 'SyncerAuthorized', status: 'True' },
    { type: 'DownstreamReachable', status: 'True', reason: 'APIServerAnswers', message: 'ok' },
  ],
};
