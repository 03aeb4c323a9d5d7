// Shared by the chat and consultation integration tests (not a test file itself).
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { TestApp } from '../support/test-app';
import { approvedDoctor, registerPatient, type Session } from '../support/accounts';
import { insertAppointment } from './scheduling-fixtures';

/** How long a socket waits for an event it expects. */
export const WAIT_MS = 5000;

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string;
  body: string;
  clientId: string;
  attachment: { fileName: string; contentType: string; size: number; url: string } | null;
  createdAt: string;
  readAt: string | null;
}

export interface Conversation {
  id: string;
  patient: { id: string; fullName: string };
  doctor: { id: string; fullName: string };
  lastMessage: Message | null;
  unreadCount: number;
  lastSeq: number;
}

let day = 0;

/** A patient and an approved doctor who had an appointment (a care relationship), and their conversation. */
export async function chattingPair(t: TestApp): Promise<{ patient: Session; doctor: Session; conversation: Conversation }> {
  const [patient, doctor] = await Promise.all([registerPatient(t, { fullName: 'Pat Chatter' }), approvedDoctor(t, { fullName: 'Dr Chat Doctor' })]);
  day += 1;
  const startsAt = new Date(Date.UTC(2020, 0, 1 + day, 9));
  await insertAppointment(t.databaseUrl, {
    doctorId: doctor.id,
    patientId: patient.id,
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 30 * 60_000).toISOString(),
    status: 'completed',
  });
  const res = await t.http.post('/api/conversations').set(patient.auth).send({ participantId: doctor.id }).expect(201);
  return { patient, doctor, conversation: res.body as Conversation };
}

export async function send(t: TestApp, sender: Session, conversationId: string, body: string, clientId = randomUUID()): Promise<Message> {
  const res = await t.http.post(`/api/conversations/${conversationId}/messages`).set(sender.auth).send({ body, clientId });
  if (res.status !== 201 && res.status !== 200) throw new Error(`send answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Message;
}

export async function history(t: TestApp, viewer: Session, conversationId: string, query = ''): Promise<{ items: Message[]; hasMore: boolean }> {
  const res = await t.http.get(`/api/conversations/${conversationId}/messages${query}`).set(viewer.auth).expect(200);
  return res.body as { items: Message[]; hasMore: boolean };
}

/** Sockets opened by a test file, to close after each test. */
export class Sockets {
  private open: Socket[] = [];

  constructor(private readonly t: TestApp) {}

  connect(token: string): Promise<Socket> {
    const socket = io(this.t.url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    this.open.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  closeAll(): void {
    for (const socket of this.open) socket.disconnect();
    this.open = [];
  }
}

/** The next `event` this socket receives (that `accept` takes, if given). */
export function next<T>(socket: Socket, event: string, accept: (payload: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${WAIT_MS} ms`));
    }, WAIT_MS);
    const listener = (payload: T) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/**
 * Many active patients at once, written straight into the users table (they never sign in with a password)
 * and given access tokens signed as the API signs them: for races that need hundreds of people quickly.
 */
export async function bulkPatients(t: TestApp, count: number): Promise<Session[]> {
  const db = new pg.Client({ connectionString: t.databaseUrl });
  await db.connect();
  try {
    const tag = randomUUID().slice(0, 8);
    const { rows } = await db.query<{ id: string; email: string }>(
      `insert into users (email, full_name, role, status, password_hash)
       select 'bulk.patient' || n || '.' || $2 || '@example.test', 'Bulk Patient ' || n, 'patient', 'active', 'never-signs-in'
       from generate_series(1, $1::int) n returning id, email`,
      [count, tag],
    );
    const jwt = t.app.get(JwtService);
    return Promise.all(
      rows.map(async (row) => {
        const accessToken = await jwt.signAsync({ sub: row.id, role: 'patient', ver: 0 }, { secret: t.config.jwtSecret, algorithm: 'HS256', expiresIn: 3600 });
        return { id: row.id, email: row.email, accessToken, refreshToken: '', auth: { Authorization: `Bearer ${accessToken}` } };
      }),
    );
  } finally {
    await db.end();
  }
}
