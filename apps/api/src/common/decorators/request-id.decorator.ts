import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * pino-http's `genReqId`: the proxy's or client's `X-Request-Id` when it looks like one, else a new UUID; echoed in
 * the response so a user's report can be matched to the log and the audit log.
 */
export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

/** The request's id (see requestIdOf), as the logs and the audit log record it. */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<{ id?: unknown }>();
  return typeof request.id === 'string' ? request.id : typeof request.id === 'number' ? String(request.id) : '';
});
