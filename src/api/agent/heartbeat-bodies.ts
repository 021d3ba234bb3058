// Heartbeat bodies as the heartbeat route accepts them, parsed, validated and defaulted by the
// same schema. Each target's last accepted body is kept with what it parsed to: an agent sends
// the same body every time until something changes, and comparing bytes costs less than
// parsing them again. Passing the same report object on also lets Heartbeats skip comparing it
// with a stored status it already found unchanged.
import { MAX_BODY_DEPTH, excessNesting, jsonFlaw } from '../../lib/json-guard.js';
import { HeartbeatRequest } from '../../schemas/agent.js';
import { bodyValidator } from '../http/ajv.js';
import { conditionCauses } from './heartbeat.js';

export class HeartbeatBodies {
  private readonly validate = bodyValidator(HeartbeatRequest);
  private readonly last = new Map<string, { body: Uint8Array; report: HeartbeatRequest }>();

  /** The report in `raw` when the route would accept it as it is; undefined when it would not. */
  accepted(name: string, raw: Buffer): HeartbeatRequest | undefined {
    const last = this.last.get(name);
    if (last && raw.equals(last.body)) return last.report;
    const report = this.parse(raw);
    // A copy: the request's bytes may share a much larger buffer.
    if (report) this.last.set(name, { body: new Uint8Array(raw), report });
    return report;
  }

  /** A deleted target's last body is kept no longer. */
  forget(name: string): void {
    this.last.delete(name);
  }

  private parse(raw: Buffer): HeartbeatRequest | undefined {
    const text = raw.toString('utf8');
    // Fastify's JSON parser refuses prototype poisoning, however a key is spelled: a body that
    // names those keys, or escapes any character (how a key hides them), is the route's to judge.
    if (text.includes('__proto__') || text.includes('constructor') || text.includes('\\u')) return undefined;
    // What the route's parser refuses (too deep, a number out of range) is the route's to refuse.
    if (excessNesting(text, MAX_BODY_DEPTH) >= 0) return undefined;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (jsonFlaw(body, { maxDepth: MAX_BODY_DEPTH, finiteNumbers: true })) return undefined;
    if (!this.validate(body) || conditionCauses(body as HeartbeatRequest).length > 0) return undefined;
    return body as HeartbeatRequest;
  }
}
