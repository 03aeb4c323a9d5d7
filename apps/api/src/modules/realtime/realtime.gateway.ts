import { Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { isUUID } from 'class-validator';
import { accessTokenClaims, type AccessTokenClaims } from '../../common/access-token';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth-user';
import { accountRefusal } from '../users/account-refusal';
import { UsersService } from '../users/users.service';
import { Realtime, rooms } from './realtime.service';

interface SocketData {
  user?: AuthUser;
}

/** The signed-in user of a socket (checked at the handshake), or undefined for an anonymous one. */
export function socketUser(socket: Socket): AuthUser | undefined {
  return (socket.data as SocketData).user;
}

/** One browser tab watches a handful of doctors' slots at most (search results, a doctor page). */
const MAX_WATCHED_DOCTORS = 50;

/**
 * Socket.IO at /socket.io. The access token comes in the handshake (`auth: { token }`): a bad or expired
 * token, or a suspended account, is refused before the connection opens. Without a token a browser may
 * only watch doctors' free slots, which are public anyway.
 */
@WebSocketGateway({ path: '/socket.io', serveClient: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection {
  private readonly logger = new Logger(RealtimeGateway.name);

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly realtime: Realtime,
  ) {}

  afterInit(server: Server): void {
    this.realtime.attach(server);
    server.use((socket, next) => {
      this.authenticate(socket).then(
        () => next(),
        (error: unknown) => {
          // The client learns only that it was refused, never why (a database error's text stays here).
          if (!(error instanceof Error && error.message === 'unauthorized')) this.logger.error(error instanceof Error ? error.stack : String(error));
          next(new Error('unauthorized'));
        },
      );
    });
  }

  async handleConnection(socket: Socket): Promise<void> {
    const user = (socket.data as SocketData).user;
    if (!user) return;
    await socket.join(rooms.user(user.id));
    if (user.role === 'admin') await socket.join(rooms.admins);
  }

  @SubscribeMessage('slots:watch')
  async watchSlots(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: boolean; error?: string }> {
    const doctorId = (body as { doctorId?: unknown } | null)?.doctorId;
    if (typeof doctorId !== 'string' || !isUUID(doctorId)) return { ok: false, error: 'doctorId must be a doctor id' };
    const watched = [...socket.rooms].filter((room) => room.startsWith('slots:')).length;
    if (watched >= MAX_WATCHED_DOCTORS) return { ok: false, error: `watch at most ${MAX_WATCHED_DOCTORS} doctors at once` };
    await socket.join(rooms.slots(doctorId));
    return { ok: true };
  }

  @SubscribeMessage('slots:unwatch')
  async unwatchSlots(@ConnectedSocket() socket: Socket, @MessageBody() body: unknown): Promise<{ ok: boolean }> {
    const doctorId = (body as { doctorId?: unknown } | null)?.doctorId;
    if (typeof doctorId === 'string') await socket.leave(rooms.slots(doctorId));
    return { ok: true };
  }

  private async authenticate(socket: Socket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === null || token === '') return;
    if (typeof token !== 'string') throw new Error('unauthorized');
    let claims: AccessTokenClaims | undefined;
    try {
      claims = accessTokenClaims(await this.jwt.verifyAsync<object>(token, { algorithms: ['HS256'] }));
    } catch {
      throw new Error('unauthorized');
    }
    const user = claims ? await this.users.findAuthState(claims.sub) : null;
    if (!user || user.tokenVersion !== claims?.ver || accountRefusal({ status: user.status, statusReason: null })) {
      this.logger.debug(`Refused a socket for ${claims?.sub ?? 'a token that is not an access token'}`);
      throw new Error('unauthorized');
    }
    (socket.data as SocketData).user = { id: user.id, role: user.role, status: user.status };
  }
}
