import { HttpException, HttpStatus, Logger, UnauthorizedException } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import type { Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth-user';
import { flattenValidationErrors, malformedInput } from '../../common/validation';
import { socketUser } from '../realtime/realtime.gateway';
import { ChatService } from './chat.service';
import { ConsultationsService } from './consultations.service';
import { SocketReadReceipt, SocketSendMessage, SocketTyping, type MessageDto, type ReadReceiptDto } from './dto/chat.dto';

/** What a refused socket request is acknowledged with: the REST error's status, message and field details. */
export interface SocketError {
  error: { statusCode: number; message: string; details?: { field: string; message: string }[] };
}

/**
 * Messaging over the socket that the realtime module opens (same path, same handshake): `message:send`
 * (acknowledged with the stored message), `message:read`, `typing` and `presence:heartbeat`. Each runs the
 * same validation and rules as its REST twin; a refusal is acknowledged as `{ error }`, never thrown.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false })
export class ChatGateway implements OnGatewayConnection {
  private readonly logger = new Logger(ChatGateway.name);

  constructor(
    private readonly chat: ChatService,
    private readonly consultations: ConsultationsService,
  ) {}

  /**
   * The events are socket listeners of their own rather than Nest's `@SubscribeMessage` handlers: `handle` already
   * authenticates, validates and turns every refusal into an acknowledgement, so Nest's per-event pipeline (an RxJS
   * chain, guards, pipes and filters none of which these use) would only add work to each message.
   */
  handleConnection(socket: Socket): void {
    this.listen(socket, 'message:send', (body) => this.sendMessage(socket, body));
    this.listen(socket, 'message:read', (body) => this.readMessages(socket, body));
    this.listen(socket, 'typing', (body) => this.typing(socket, body));
    this.listen(socket, 'presence:heartbeat', () => this.heartbeat(socket));
  }

  sendMessage(socket: Socket, body: unknown): Promise<MessageDto | SocketError> {
    return this.handle(socket, SocketSendMessage, body, async (user, input) => (await this.chat.send(user, input.conversationId, input)).message);
  }

  readMessages(socket: Socket, body: unknown): Promise<ReadReceiptDto | SocketError> {
    return this.handle(socket, SocketReadReceipt, body, (user, input) => this.chat.read(user, input.conversationId, input.upToSeq));
  }

  typing(socket: Socket, body: unknown): Promise<{ ok: true } | SocketError> {
    return this.handle(socket, SocketTyping, body, async (user, input) => {
      await this.chat.typing(user, input.conversationId);
      return { ok: true as const };
    });
  }

  async heartbeat(socket: Socket): Promise<{ ok: true } | SocketError> {
    const user = socketUser(socket);
    if (!user) return { error: { statusCode: HttpStatus.UNAUTHORIZED, message: 'Sign in first' } };
    await this.consultations.heartbeat(user);
    return { ok: true };
  }

  /**
   * `event`'s answer goes to the client's acknowledgement callback when it sent one (socket.io's last argument);
   * an unexpected failure is logged and answered as one, so the client is never left waiting.
   */
  private listen(socket: Socket, event: string, answer: (body: unknown) => Promise<unknown>): void {
    socket.on(event, (...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? (args.pop() as (response: unknown) => void) : undefined;
      answer(args[0]).then(
        (response) => ack?.(response),
        (error: unknown) => ack?.(this.failed(error)),
      );
    });
  }

  /** An error nobody expected: logged here, and the client told only that something went wrong. */
  private failed(error: unknown): SocketError {
    this.logger.error(error instanceof Error ? error.stack : String(error));
    return { error: { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Something went wrong' } };
  }

  private async handle<T extends object, R>(
    socket: Socket,
    type: ClassConstructor<T>,
    body: unknown,
    work: (user: AuthUser, input: T) => Promise<R>,
  ): Promise<R | SocketError> {
    try {
      const user = socketUser(socket);
      if (!user) throw new UnauthorizedException('Sign in first');
      return await work(user, await this.parse(type, body));
    } catch (error) {
      if (error instanceof HttpException) {
        const answer = error.getResponse();
        const details = typeof answer === 'object' && answer !== null && 'details' in answer ? (answer as { details: SocketError['error']['details'] }).details : undefined;
        return { error: { statusCode: error.getStatus(), message: error.message, ...(details ? { details } : {}) } };
      }
      return this.failed(error);
    }
  }

  /** The payload checked exactly as the REST body would be (whitelist, no unknown fields). */
  private async parse<T extends object>(type: ClassConstructor<T>, body: unknown): Promise<T> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refusal([{ field: '', message: 'must be an object' }]);
    const malformed = malformedInput(body);
    if (malformed.length > 0) throw refusal(malformed);
    const input = plainToInstance(type, body);
    const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true });
    if (errors.length > 0) throw refusal(flattenValidationErrors(errors));
    return input;
  }
}

function refusal(details: { field: string; message: string }[]): HttpException {
  return new HttpException({ message: 'Validation failed', details }, HttpStatus.BAD_REQUEST);
}
