// Waiting for the cluster to become usable.
//
// Every wait also watches the cluster's processes: if a component dies, waiting on fails at
// once with the tail of its log instead of running into a timeout that explains nothing.
import { existsSync, readFileSync } from 'node:fs'
import { request } from 'node:https'
import { setTimeout as sleep } from 'node:timers/promises'
import type * as k8s from '@kubernetes/client-node'
import { isAlive, tailOfLog, type ProcessRecord } from './processes.js'

export interface WaitOptions {
  timeoutMs: number
  intervalMs?: number
  /** Processes that must stay alive while waiting. */
  processes: ProcessRecord[]
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  { timeoutMs, intervalMs = 250, processes }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    const dead = processes.find((p) => !isAlive(p))
    if (dead) {
      throw new Error(
        `${dead.name} exited while waiting for ${what}; log ${dead.log}:\n${tailOfLog(dead)}`,
      )
    }
    try {
      if (await check()) return
      lastError = undefined
    } catch (err) {
      lastError = err
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`)
    }
    await sleep(intervalMs)
  }
}

/** GET /readyz with the admin token; true on 200. */
export function apiserverReady(server: string, caFile: string, token: string): Promise<boolean> {
  if (!existsSync(caFile)) return Promise.resolve(false)
  const ca = readFileSync(caFile)
  return new Promise((resolve, reject) => {
    const req = request(
      new URL('/readyz', server),
      { ca, headers: { authorization: `Bearer ${token}` }, timeout: 5_000 },
      (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      },
    )
    req.on('timeout', () => req.destroy(new Error('readyz request timed out')))
    req.on('error', reject)
    req.end()
  })
}

const isReady = (node: k8s.V1Node): boolean =>
  node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false

/**
 * True when the named nodes are Ready and carry no taints. The node lifecycle controller
 * removes its not-ready taint a few seconds after Ready; waiting for that too means the
 * first pod of a test is scheduled at once instead of after a scheduler back-off.
 */
export async function nodesReady(core: k8s.CoreV1Api, names: string[]): Promise<boolean> {
  const list = await core.listNode()
  return names.every((name) => {
    const node = list.items.find((n) => n.metadata?.name === name)
    return node !== undefined && isReady(node) && (node.spec?.taints ?? []).length === 0
  })
}

/**
 * Pods are rejected by the ServiceAccount admission plugin until kube-controller-manager has
 * created the namespace's `default` service account, so the cluster is not usable before.
 */
export async function defaultServiceAccountExists(core: k8s.CoreV1Api): Promise<boolean> {
  await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' })
  return true
}
