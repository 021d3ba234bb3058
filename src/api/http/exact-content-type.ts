// Content types that Fastify would rewrite, sent as Kubernetes servers send them: Fastify
// quotes the parameters of a JSON type and appends a charset, where client-go's aggregated
// discovery expects `application/json;g=...;v=...;as=...`. A route with this onSend hook
// answers with exactly the type its handler chose through answerAs.
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';

const chosen = new WeakMap<FastifyRequest, string>();

export function answerAs(reply: FastifyReply, contentType: string): void {
  chosen.set(reply.request, contentType);
}

/** A route-level onSend hook: it runs after Fastify has settled the content type. */
export const exactContentType: onSendHookHandler = (request, reply, payload, done) => {
  const contentType = chosen.get(request);
  if (contentType !== undefined && reply.statusCode < 300) reply.header('content-type', contentType);
  done(null, payload);
};
