// The reverse tunnel between the control plane and an agent behind NAT: the agent dials one
// WebSocket out (.../synctargets/{name}/tunnel) and the server sends proxied requests down it.
// Many requests share it, each a stream with an id: JSON text frames say what happens to a
// stream, binary frames carry its bytes (a 4-byte stream id, then the payload). Both ends check
// the same allow-list, so neither a server bug nor a forged frame reaches more than these reads.

// An exec is a stream too: `upgrade` lists the WebSocket subprotocols the client offered, the agent
// dials its API server with them and names the one chosen in its head (status 101); from then on
// binary frames go both ways, one frame per WebSocket message, so the channel protocol's message
// boundaries (a channel byte, then data) survive the tunnel.

/** Server to agent: do this request downstream (open), or stop it (cancel: the client went away). */
export type ServerFrame =
  | { type: 'open'; id: number; method: 'GET'; path: string; query: string; accept?: string; upgrade?: string[] }
  | { type: 'cancel'; id: number };

/** Agent to server: the answer's status and type (head), then its bytes, then end or error. */
export type AgentFrame =
  | { type: 'head'; id: number; status: number; contentType?: string; protocol?: string }
  | { type: 'end'; id: number }
  | { type: 'error'; id: number; message: string };

/** The WebSocket subprotocol: a token, so no slash (RFC 6455 takes HTTP tokens). */
export const TUNNEL_SUBPROTOCOL = 'v1.tunnel.tmc.io';

const SEGMENT = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';
/**
 * What the proxy reaches, as Kubernetes API paths: discovery (kubectl asks it first), pods and
 * their logs, and events (core and events.k8s.io). Reads only; exec is its own (EXEC_PATH).
 */
const ALLOWED: readonly RegExp[] = [
  /^\/api$/,
  /^\/api\/v1$/,
  /^\/apis$/,
  /^\/apis\/events\.k8s\.io(\/v1)?$/,
  new RegExp(`^/api/v1/namespaces/${SEGMENT}/pods(/${SEGMENT}(/log)?)?$`),
  new RegExp(`^/api/v1/namespaces/${SEGMENT}/events(/${SEGMENT})?$`),
  new RegExp(`^/apis/events\\.k8s\\.io/v1/namespaces/${SEGMENT}/events(/${SEGMENT})?$`),
];

/** The one path an upgraded stream may reach: a pod's exec. */
export const EXEC_PATH = new RegExp(`^/api/v1/namespaces/(${SEGMENT})/pods/(${SEGMENT})/exec$`);

/**
 * The exec subprotocols passed on: Kubernetes' binary channel protocols (a channel byte, then
 * data), newest first. The base64 variants are text frames, which the tunnel does not carry.
 */
export const CHANNEL_PROTOCOLS: readonly string[] = [
  'v5.channel.k8s.io',
  'v4.channel.k8s.io',
  'v3.channel.k8s.io',
  'v2.channel.k8s.io',
  'channel.k8s.io',
];

/** Whether a GET of this Kubernetes API path may go through the tunnel. */
export const proxyAllowed = (path: string): boolean => ALLOWED.some((pattern) => pattern.test(path));

/** What the allow-list reaches, in words, for the refusal's message. */
export const PROXY_REACH =
  'discovery, pods and pods/log (get, list, watch) and events (core and events.k8s.io) in a namespace';

/** A WebSocket message as one Buffer, however `ws` handed it over (a Buffer, fragments, an ArrayBuffer). */
export const messageBytes = (data: Buffer | ArrayBuffer | Buffer[]): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);

/** A binary frame: the stream id, then the payload. */
export function dataFrame(id: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(4 + payload.length);
  frame.writeUInt32BE(id, 0);
  payload.copy(frame, 4);
  return frame;
}

/** The stream id and payload of a binary frame; undefined for one too short to have an id. */
export function readDataFrame(frame: Buffer): { id: number; payload: Buffer } | undefined {
  if (frame.length < 4) return undefined;
  return { id: frame.readUInt32BE(0), payload: frame.subarray(4) };
}

/** A text frame parsed, or undefined for one that is not JSON with a numeric id and a type. */
export function parseFrame<T extends { type: string; id: number }>(text: string): T | undefined {
  try {
    const frame = JSON.parse(text) as T;
    return typeof frame?.id === 'number' && typeof frame.type === 'string' ? frame : undefined;
  } catch {
    return undefined;
  }
}
