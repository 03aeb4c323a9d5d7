import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { Socket } from 'socket.io';
import type { AuthUser } from '../../common/auth-user';
import { ChatGateway } from './chat.gateway';
import type { ChatService } from './chat.service';
import type { ConsultationsService } from './consultations.service';

const CONVERSATION = '6f1d2a4e-1b8c-4c59-9d3e-2f0a7b9c8d11';
const PATIENT: AuthUser = { id: '0b6f8a52-3f7e-4d1a-9a55-2c1e7f3b9d01', role: 'patient', status: 'active' };

/** A socket as socket.io hands it to the gateway: an emitter whose `data.user` the handshake filled. */
function socketOf(user?: AuthUser): Socket {
  return Object.assign(new EventEmitter(), { data: { user } }) as unknown as Socket;
}

/** Emits `event` as a client would, with an acknowledgement callback, and waits for the answer. */
function ask(socket: Socket, event: string, ...body: unknown[]): Promise<unknown> {
  return new Promise((resolve) => (socket as unknown as EventEmitter).emit(event, ...body, resolve));
}

describe('ChatGateway socket events', () => {
  let sent: { user: AuthUser; conversationId: string; body: string }[];
  let beats: AuthUser[];
  let heartbeatFails: boolean;
  let gateway: ChatGateway;

  beforeEach(() => {
    sent = [];
    beats = [];
    heartbeatFails = false;
    const chat = {
      send: (user: AuthUser, conversationId: string, input: { body: string; clientId: string }) => {
        sent.push({ user, conversationId, body: input.body });
        return Promise.resolve({ message: { id: 'm1', conversationId, body: input.body, seq: 1 }, created: true });
      },
    } as unknown as ChatService;
    const consultations = {
      heartbeat: (user: AuthUser) => {
        beats.push(user);
        return heartbeatFails ? Promise.reject(new Error('database unreachable')) : Promise.resolve();
      },
    } as unknown as ConsultationsService;
    gateway = new ChatGateway(chat, consultations);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers message:send with the stored message through the acknowledgement', async () => {
    const socket = socketOf(PATIENT);
    gateway.handleConnection(socket);
    const answer = await ask(socket, 'message:send', { conversationId: CONVERSATION, body: 'Hello doctor', clientId: 'c-1' });
    expect(answer).toEqual({ id: 'm1', conversationId: CONVERSATION, body: 'Hello doctor', seq: 1 });
    expect(sent).toEqual([{ user: PATIENT, conversationId: CONVERSATION, body: 'Hello doctor' }]);
  });

  it('refuses a socket without a signed-in user, and a payload that fails validation, with field messages', async () => {
    const anonymous = socketOf();
    gateway.handleConnection(anonymous);
    expect(await ask(anonymous, 'message:send', { conversationId: CONVERSATION, body: 'Hi', clientId: 'c-2' })).toEqual({
      error: { statusCode: 401, message: 'Sign in first' },
    });

    const socket = socketOf(PATIENT);
    gateway.handleConnection(socket);
    const refused = (await ask(socket, 'message:send', { conversationId: 'not-an-id', body: 'Hi', clientId: 'c-3', extra: 1 })) as {
      error: { statusCode: number; details: { field: string }[] };
    };
    expect(refused.error.statusCode).toBe(400);
    expect(refused.error.details.map((d) => d.field).sort()).toEqual(['conversationId', 'extra']);
    expect(sent).toEqual([]);
  });

  it('answers an unexpected failure as one instead of leaving the client waiting', async () => {
    heartbeatFails = true;
    const socket = socketOf(PATIENT);
    gateway.handleConnection(socket);
    expect(await ask(socket, 'presence:heartbeat')).toEqual({ error: { statusCode: 500, message: 'Something went wrong' } });
  });

  it('still acts on an event sent without an acknowledgement callback', async () => {
    const socket = socketOf(PATIENT);
    gateway.handleConnection(socket);
    (socket as unknown as EventEmitter).emit('presence:heartbeat');
    await new Promise((resolve) => setImmediate(resolve));
    expect(beats).toEqual([PATIENT]);
  });
});
