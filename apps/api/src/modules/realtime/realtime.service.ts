import { Injectable } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server } from 'socket.io';
import { RedisConnection } from '../cluster/redis-connection';
import { REDIS_STREAM } from './redis-stream';

/** Rooms every socket may be in. Users join their own on connect; anyone may watch a doctor's slots. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  admins: 'admins',
  slots: (doctorId: string) => `slots:${doctorId}`,
} as const;

/**
 * Pushes events to connected browsers. Domain modules call this after their change has committed; the
 * gateway owns the sockets. With REDIS_URL, Socket.IO's adapter is the Redis Streams one: every push goes
 * through a Redis stream that every instance reads, so it reaches the user's sockets on every instance, and an
 * instance that lost Redis for a moment reads on from where it stopped. Without REDIS_URL the default in-memory
 * adapter serves the one instance.
 */
@Injectable()
export class Realtime {
  private server?: Server;

  constructor(private readonly redis: RedisConnection) {}

  /** Sockets connected to this instance (others count their own); 0 before the socket server is up. */
  connectedSockets(): number {
    return this.server?.of('/').sockets.size ?? 0;
  }

  /** Called once by the gateway when the socket server is up (absent in the OpenAPI export). */
  attach(server: Server): void {
    this.server = server;
    if (this.redis.client) server.adapter(createAdapter(this.redis.client, REDIS_STREAM));
  }

  /** An event to the given users and to every signed-in admin (oversight screens), once each. */
  toUsersAndAdmins(userIds: readonly string[], event: string, payload: unknown): void {
    if (!this.server) return;
    this.server.to([...userIds.map(rooms.user), rooms.admins]).emit(event, payload);
  }

  /** An event to each connection of the given users. */
  toUsers(userIds: readonly string[], event: string, payload: unknown): void {
    if (!this.server || userIds.length === 0) return;
    this.server.to(userIds.map(rooms.user)).emit(event, payload);
  }

  /** An event to every signed-in admin. */
  toAdmins(event: string, payload: unknown): void {
    this.server?.to(rooms.admins).emit(event, payload);
  }

  /** Tells everyone looking at this doctor's free times (and the doctor) to fetch them again. */
  slotsChanged(doctorId: string): void {
    if (!this.server) return;
    this.server.to([rooms.slots(doctorId), rooms.user(doctorId)]).emit('slots:changed', { doctorId });
  }

  /** Ends a user's live connections (on every instance), e.g. when their account is suspended. */
  disconnectUser(userId: string): void {
    this.server?.in(rooms.user(userId)).disconnectSockets(true);
  }
}
