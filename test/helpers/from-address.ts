// A request over a real connection from a chosen loopback address (all of 127.0.0.0/8 is this
// host on Linux), so a test can be two clients at once.
import { request } from 'node:http';

export interface FromAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

export function sendFrom(
  url: string,
  localAddress: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<FromAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (payload !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const sent = request(`${url}${path}`, { method, headers, localAddress, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, json });
      });
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(payload);
  });
}
