import { Injectable, Logger } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { RedisConnection } from '../cluster/redis-connection';
import { SOCKET_IO_KEY } from './redis-channels';

/** Rooms every socket may be in. Users join their own on connect; anyone may watch a doctor's slots. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  admins: 'admins',
  slots: (doctorId: string) => `slots:${doctorId}`,
} as const;

/**
 * Pushes events to connected browsers. Domain modules call this after their change has committed; the
 * gateway owns the sockets. With REDIS_URL, Socket.IO's adapter is the Redis one (publish/subscribe): every push
 * is published on Redis and every instance delivers it to its own sockets, so it reaches the user's sockets on
 * every instance. What is published while an instance's subscription is down does not reach it: when the
 * subscription stands again, the instance sends `resync` to its sockets and the browsers fetch again what they
 * show, as after a reconnect. Without REDIS_URL the default in-memory adapter serves the one instance.
 */
@Injectable()
export class Realtime {
  private readonly logger = new Logger(Realtime.name);
  private server?: Server;
  /** A publish has failed since the subscription last stood (logged once per outage). */
  private unpublished = false;

  constructor(private readonly redis: RedisConnection) {}

  /** Sockets connected to this instance (others count their own); 0 before the socket server is up. */
  connectedSockets(): number {
    return this.server?.of('/').sockets.size ?? 0;
  }

  /** Called once by the gateway when the socket server is up (absent in the OpenAPI export). */
  attach(server: Server): void {
    this.server = server;
    const client = this.redis.client;
    if (!client) return;
    const subscriber = this.redis.open('socket.io subscriber');
    server.adapter(createAdapter(this.publisher(client), subscriber, { key: SOCKET_IO_KEY }));
    // Every time the subscription stands (again): sockets connected while it did not may have missed events. At
    // start-up none is connected yet. ioredis subscribes again after 'ready'; a PING answered after those
    // subscriptions means they stand.
    subscriber.on('ready', () => {
      subscriber.ping().then(
        () => {
          this.unpublished = false;
          server.local.emit('resync');
        },
        () => undefined, // the connection dropped again: the next 'ready' tries again
      );
    });
  }

  /**
   * The adapter publishes without handling a failure. While Redis is down a publish fails after ioredis's retry
   * (RedisConnection), and that must not become an unhandled rejection: the event still reached this instance's
   * own sockets, and the other instances resync when their subscription stands again.
   */
  private publisher(client: Redis): Redis {
    const publish = (...args: Parameters<Redis['publish']>) =>
      client.publish(...args).catch((error: unknown) => {
        if (!this.unpublished) {
          this.unpublished = true;
          this.logger.warn(`Live events are not reaching the other instances while Redis is unreachable: ${error instanceof Error ? error.message : String(error)}`);
        }
        return 0;
      });
    return new Proxy(client, {
      get: (target, property) => {
        if (property === 'publish') return publish;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
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
