/**
 * One log line per request, written when it is answered: the request (method, URL, scrubbed as every
 * line is), the status and the time taken (`request completed`, or `request errored` with the error).
 * Fastify writes two by default, the first on arrival; that one said nothing the answer's line does
 * not, and each line costs the API its redaction, scrubbing and write (docs/performance.md, "Round 3").
 * The arrival line stays at debug level (LOG_LEVEL=debug), for following a request that never answers.
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
