// The one hook every request passes before its route: the checks that used to be separate global
// hooks (unknown query parameters, authentication, bodies where none is taken) run here in order,
// synchronously while each answers at once. Each global hook costs every request, agents' included,
// so new per-request checks are added here rather than as hooks of their own (test/api/hooks.test.ts
// lists the hooks each route runs and fails when one appears).
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

/** Turns a request away (an error) or lets it on (undefined), at once or later. */
export type RequestCheck = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Error | undefined | Promise<Error | undefined>;

declare module 'fastify' {
  interface FastifyInstance {
    requestGate: RequestGate;
  }
}

export class RequestGate {
  private readonly checks: RequestCheck[] = [];

  /** Checks run in the order they were added. */
  add(check: RequestCheck): void {
    this.checks.push(check);
  }

  /** A check that runs before all the others (finding a custom resource's kind, which they judge). */
  prepend(check: RequestCheck): void {
    this.checks.unshift(check);
  }

  install(app: FastifyInstance): void {
    // A named alias: decorate()'s types refuse the polymorphic `this`.
    const gate: RequestGate = this;
    app.decorate('requestGate', gate);
    // Callback style: an async hook would cost a promise and a tick on every request.
    const requestGate = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
      // Set here rather than in an onSend hook: every answer, errors included, keeps it.
      reply.header('x-request-id', request.id);
      this.run(request, reply, 0, done);
    };
    app.addHook('onRequest', requestGate);
  }

  private run(request: FastifyRequest, reply: FastifyReply, from: number, done: HookHandlerDoneFunction): void {
    for (let i = from; i < this.checks.length; i++) {
      const outcome = this.checks[i]!(request, reply);
      if (outcome instanceof Promise) {
        outcome.then((error) => (error ? done(error) : this.run(request, reply, i + 1, done)), done);
        return;
      }
      if (outcome) return done(outcome);
    }
    done();
  }
}
