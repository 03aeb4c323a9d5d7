import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import type { ErrorResponse, FieldError } from '../dto/error-response.dto';
import { ValidationFailedException } from '../validation';
import { TooManyAttemptsException } from '../exceptions';

/** Express/body-parser errors carry a status of their own (bad JSON 400, too large 413). */
export function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

export function clientErrorMessage(status: number): string {
  return status === 413 ? 'Request body too large' : 'Malformed request body';
}

/**
 * Answers a body the parser refused (bad JSON 400, too large 413) in the API.md shape, right after the
 * parser. Later Express error handlers would otherwise see it first: serving the portal turns any error on
 * an /api route into "404 Cannot POST …".
 */
export function bodyParserErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const status = clientErrorStatus(error);
  if (status === undefined || response.headersSent) {
    next(error);
    return;
  }
  const body: ErrorResponse = { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message: clientErrorMessage(status) };
  response.status(status).json(body);
}

/**
 * Answers what Node's HTTP parser refuses before Express sees it (headers or a URL over the size limit,
 * broken request lines) in the API.md shape too, instead of Node's bare status line.
 */
export function answerParserErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body: ErrorResponse = {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message: status === 431 ? 'The request’s address or headers are too long' : 'Malformed request',
    };
    const json = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  });
}

/**
 * Every error leaves in the API.md shape. Client mistakes keep their 4xx; anything unexpected
 * is logged and answered with a generic 500 that reveals nothing.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    if (host.getType() !== 'http' || response.headersSent) return;

    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let message = 'Something went wrong on our side';
    let details: FieldError[] | undefined;

    if (exception instanceof ValidationFailedException) {
      status = exception.getStatus();
      message = 'Validation failed';
      details = exception.details;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      if (typeof body === 'string') message = body;
      else if (typeof body === 'object' && body !== null) {
        const raw = (body as { message?: unknown; details?: FieldError[] }).message;
        message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
        details = (body as { details?: FieldError[] }).details;
      }
    } else if (clientErrorStatus(exception) !== undefined) {
      status = clientErrorStatus(exception) as number;
      message = clientErrorMessage(status);
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }

    if (exception instanceof TooManyAttemptsException) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    const body: ErrorResponse = {
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      message,
      ...(details ? { details } : {}),
    };
    response.status(status).json(body);
  }
}
