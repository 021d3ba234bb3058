// The downstream API server's pods/exec for the tunnel tests, as kube-apiserver answers it: a
// WebSocket in the subprotocol the client offered first of those it knows (v5, then v4). The
// "command" writes what it was asked to run to stdout and stdin back to stdout, and on the
// end of stdin (v5's close of channel 0) reports its exit code: `exit N` as its last word gives N.
// A pod named `missing` is a 404 Status, as for a pod that is not there.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';

export interface SeenExec {
  url: string;
  authorization?: string;
  protocol: string;
}

const EXEC = /^\/api\/v1\/namespaces\/shop\/pods\/([a-z0-9-]+)\/exec$/;
const KNOWN = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const result = (code: number) =>
  code === 0
    ? { metadata: {}, status: 'Success' }
    : {
        metadata: {},
        status: 'Failure',
        message: `command terminated with non-zero exit code: exit code ${code}`,
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
      };

export function fakeExec(seen: SeenExec[]) {
  const sockets = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => KNOWN.find((p) => offered.has(p)) ?? false,
  });
  return (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '', 'http://x');
    const pod = EXEC.exec(url.pathname)?.[1];
    if (!pod || pod === 'missing') {
      const body = JSON.stringify({
        kind: 'Status',
        status: 'Failure',
        code: 404,
        reason: 'NotFound',
        message: `pods "${pod}" not found`,
      });
      socket.end(
        `HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      );
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      seen.push({ url: request.url ?? '', authorization: request.headers.authorization, protocol: ws.protocol });
      const command = url.searchParams.getAll('command');
      const send = (channel: number, text: string) =>
        ws.send(Buffer.concat([Buffer.from([channel]), Buffer.from(text)]));
      send(1, `ran: ${command.join(' ')}\n`);
      send(2, 'to stderr\n');
      const finish = () => {
        const code = command.at(-2) === 'exit' ? Number(command.at(-1)) : 0;
        send(3, JSON.stringify(result(code)));
        ws.close(1000);
      };
      ws.on('message', (data: Buffer) => {
        if (data[0] === 0) send(1, `stdin: ${data.subarray(1).toString()}`);
        else if (data[0] === 255 && data[1] === 0) finish();
      });
      if (url.searchParams.get('stdin') !== 'true') finish();
    });
  };
}
