// The package version, read once from package.json so there is one place to bump it.
import { readFileSync } from 'node:fs';

const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export const VERSION: string = packageJson.version;

/**
 * The Kubernetes release whose kubectl and client libraries tmc's Kubernetes API is built and
 * tested against (test/cluster/go/k8s pins its patch release). /version reports it first, as
 * kcp does (v1.35.0+tmc-v0.1.0), so the version checks of kubectl, Helm and GitOps tools see
 * a Kubernetes API they support rather than version 0.1.
 */
export const KUBERNETES_API_VERSION = '1.35';
