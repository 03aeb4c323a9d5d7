import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { MessageNoticeJob } from '../../src/modules/chat/chat.jobs';
import { createTestApp, type TestApp } from '../support/test-app';
import { approvedDoctor, registerPatient, signInAdmin, type Session } from '../support/accounts';
import { chattingPair, history, next, send, Sockets, type Conversation, type Message } from './chat-fixtures';
import { TINY_PNG } from './scheduling-fixtures';

jest.setTimeout(120_000);

describe('messaging between a patient and a doctor (real port, real PostgreSQL)', () => {
  let t: TestApp;
  let sockets: Sockets;
  let db: pg.Client;
  beforeAll(async () => {
    t = await createTestApp();
    sockets = new Sockets(t);
    db = new pg.Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterEach(() => {
    sockets.closeAll();
    t.clock.reset();
  });
  afterAll(async () => {
    await db.end();
    await t.close();
  });

  describe('opening a conversation', () => {
    it('opens one conversation per pair with a care relationship: 201 the first time, 200 after, from either side', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      expect(conversation).toMatchObject({ patient: { id: patient.id }, doctor: { id: doctor.id }, lastMessage: null, unreadCount: 0, lastSeq: 0, maxFileBytes: 10 * 1024 * 1024 });
      const again = await t.http.post('/api/conversations').set(patient.auth).send({ participantId: doctor.id }).expect(200);
      expect(again.body.id).toBe(conversation.id);
      const fromDoctor = await t.http.post('/api/conversations').set(doctor.auth).send({ participantId: patient.id }).expect(200);
      expect(fromDoctor.body.id).toBe(conversation.id);
    });

    it('refuses (403) a pair without an appointment or consultation, a user who does not exist, oneself, and admins', async () => {
      const [patient, doctor, otherPatient] = await Promise.all([registerPatient(t), approvedDoctor(t), registerPatient(t)]);
      const admin = await signInAdmin(t);
      await t.http.post('/api/conversations').set(patient.auth).send({ participantId: doctor.id }).expect(403);
      await t.http.post('/api/conversations').set(doctor.auth).send({ participantId: patient.id }).expect(403);
      await t.http.post('/api/conversations').set(patient.auth).send({ participantId: otherPatient.id }).expect(403);
      await t.http.post('/api/conversations').set(patient.auth).send({ participantId: randomUUID() }).expect(403);
      await t.http.post('/api/conversations').set(patient.auth).send({ participantId: patient.id }).expect(403);
      await t.http.post('/api/conversations').set(admin.auth).send({ participantId: doctor.id }).expect(403);
      const bad = await t.http.post('/api/conversations').set(patient.auth).send({ participantId: 'nobody' }).expect(400);
      expect(bad.body.details).toEqual([{ field: 'participantId', message: 'must be a user id' }]);
    });
  });

  describe('outsiders', () => {
    it('get 404 for every read and write of a conversation that is not theirs, admins included', async () => {
      const { conversation, patient } = await chattingPair(t);
      const message = await send(t, patient, conversation.id, 'Private words');
      const outsiders: Session[] = [await registerPatient(t), await approvedDoctor(t), await signInAdmin(t)];
      for (const outsider of outsiders) {
        const base = `/api/conversations/${conversation.id}`;
        await t.http.get(base).set(outsider.auth).expect(404);
        await t.http.get(`${base}/messages`).set(outsider.auth).expect(404);
        await t.http.post(`${base}/messages`).set(outsider.auth).send({ body: 'Hi', clientId: randomUUID() }).expect(404);
        await t.http.post(`${base}/read`).set(outsider.auth).send({ upToSeq: 1 }).expect(404);
        await t.http.post(`${base}/attachments`).set(outsider.auth).attach('file', TINY_PNG, 'x.png').expect(404);
        await t.http.get(`${base}/attachments/${message.id}`).set(outsider.auth).expect(404);
        const list = await t.http.get('/api/conversations').set(outsider.auth).expect(200);
        expect(list.body.items.map((c: Conversation) => c.id)).not.toContain(conversation.id);
      }
      await t.http.get(`/api/conversations/${conversation.id}/messages`).expect(401);
      // over the socket too
      const socket = await sockets.connect(outsiders[0].accessToken);
      const ack = (await socket.emitWithAck('message:send', { conversationId: conversation.id, body: 'Hi', clientId: randomUUID() })) as { error: { statusCode: number } };
      expect(ack.error.statusCode).toBe(404);
    });
  });

  describe('sending', () => {
    it('gives 60 concurrent sends from both sides (REST and socket) the seqs 1..60, no gap, no duplicate', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      const [patientSocket, doctorSocket] = await Promise.all([sockets.connect(patient.accessToken), sockets.connect(doctor.accessToken)]);
      const sends = Array.from({ length: 60 }, (_, i) => {
        const sender = i % 2 === 0 ? patient : doctor;
        const socket = i % 2 === 0 ? patientSocket : doctorSocket;
        const body = `message ${i}`;
        return i % 3 === 0
          ? send(t, sender, conversation.id, body)
          : (socket.emitWithAck('message:send', { conversationId: conversation.id, body, clientId: randomUUID() }) as Promise<Message>);
      });
      const stored = await Promise.all(sends);
      expect(stored.map((m) => m.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const { rows } = await db.query<{ seq: number }>('select seq from messages where conversation_id = $1 order by seq', [conversation.id]);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const page = await history(t, doctor, conversation.id, '?limit=100');
      expect(page.items.map((m) => m.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      expect(page.hasMore).toBe(false);
    });

    it('stores a clientId sent twice (one after the other, or at once) as one message and answers it both times', async () => {
      const { patient, conversation } = await chattingPair(t);
      const clientId = randomUUID();
      const first = await t.http.post(`/api/conversations/${conversation.id}/messages`).set(patient.auth).send({ body: 'Hello', clientId }).expect(201);
      const second = await t.http.post(`/api/conversations/${conversation.id}/messages`).set(patient.auth).send({ body: 'Hello', clientId }).expect(200);
      expect(second.body).toEqual(first.body);
      const socket = await sockets.connect(patient.accessToken);
      expect(await socket.emitWithAck('message:send', { conversationId: conversation.id, body: 'Hello', clientId })).toEqual(first.body);
      // ten at once with one new clientId
      const racing = randomUUID();
      const answers = await Promise.all(Array.from({ length: 10 }, () => send(t, patient, conversation.id, 'Again?', racing)));
      expect(new Set(answers.map((m) => m.id)).size).toBe(1);
      const { rows } = await db.query<{ n: string }>('select count(*) as n from messages where conversation_id = $1', [conversation.id]);
      expect(Number(rows[0].n)).toBe(2);
      expect((await history(t, patient, conversation.id)).items.map((m) => m.seq)).toEqual([1, 2]);
    });

    it('numbers concurrent sends to several conversations per conversation, retries of stored clientIds among them answered with what was stored', async () => {
      const pairs = await Promise.all([chattingPair(t), chattingPair(t), chattingPair(t)]);
      const socketsOf = await Promise.all(pairs.map((pair) => Promise.all([sockets.connect(pair.patient.accessToken), sockets.connect(pair.doctor.accessToken)])));
      const earlier = await Promise.all(pairs.map((pair) => send(t, pair.patient, pair.conversation.id, 'Sent before', randomUUID())));
      // Sent at once: ten new messages per conversation from both sides, and each earlier message again.
      const sends = pairs.flatMap((pair, p) => [
        ...Array.from({ length: 10 }, (_, i) =>
          (socketsOf[p][i % 2].emitWithAck('message:send', { conversationId: pair.conversation.id, body: `to ${p}: ${i}`, clientId: randomUUID() }) as Promise<Message>),
        ),
        socketsOf[p][0].emitWithAck('message:send', { conversationId: pair.conversation.id, body: 'Sent before', clientId: earlier[p].clientId }) as Promise<Message>,
      ]);
      const answers = await Promise.all(sends);
      pairs.forEach((pair, p) => {
        const mine = answers.slice(p * 11, p * 11 + 11);
        expect(mine.every((m) => m.conversationId === pair.conversation.id)).toBe(true);
        expect(mine[10]).toEqual(earlier[p]);
        expect(mine.slice(0, 10).map((m) => m.body).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `to ${p}: ${i}`).sort());
      });
      for (const [p, pair] of pairs.entries()) {
        const page = await history(t, pair.doctor, pair.conversation.id, '?limit=100');
        expect(page.items.map((m) => m.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
        expect(page.items[0]).toEqual(earlier[p]);
        const { rows } = await db.query<{ last_seq: number }>('select last_seq from conversations where id = $1', [pair.conversation.id]);
        expect(rows[0].last_seq).toBe(11);
      }
    });

    it('refuses a clientId already used in another conversation (409)', async () => {
      const a = await chattingPair(t);
      const doctor2 = await approvedDoctor(t);
      await db.query(
        `insert into appointments (doctor_id, patient_id, starts_at, ends_at, status, reason, patient_full_name, patient_email)
         select $1, $2, '2019-01-01T09:00:00Z', '2019-01-01T09:30:00Z', 'completed', 'Check-up', u.full_name, u.email from users u where u.id = $2`,
        [doctor2.id, a.patient.id],
      );
      const other = await t.http.post('/api/conversations').set(a.patient.auth).send({ participantId: doctor2.id }).expect(201);
      const clientId = randomUUID();
      await send(t, a.patient, a.conversation.id, 'One', clientId);
      const res = await t.http.post(`/api/conversations/${other.body.id}/messages`).set(a.patient.auth).send({ body: 'One', clientId }).expect(409);
      expect(res.body.details).toEqual([{ field: 'clientId', message: 'is already used' }]);
    });

    it('keeps text as sent (HTML is text), refuses empty and over-long text with field messages', async () => {
      const { patient, conversation } = await chattingPair(t);
      const html = '<img src=x onerror=alert(1)> & <b>bold</b>';
      expect((await send(t, patient, conversation.id, html)).body).toBe(html);
      const url = `/api/conversations/${conversation.id}/messages`;
      const empty = await t.http.post(url).set(patient.auth).send({ body: '   ', clientId: randomUUID() }).expect(400);
      expect(empty.body.details).toEqual([{ field: 'body', message: 'must not be empty' }]);
      const long = await t.http.post(url).set(patient.auth).send({ body: 'x'.repeat(4001), clientId: randomUUID() }).expect(400);
      expect(long.body.details).toEqual([{ field: 'body', message: 'must be at most 4000 characters' }]);
      const noClient = await t.http.post(url).set(patient.auth).send({ body: 'Hi' }).expect(400);
      expect(noClient.body.details[0].field).toBe('clientId');
      const socket = await sockets.connect(patient.accessToken);
      const ack = (await socket.emitWithAck('message:send', { conversationId: conversation.id, body: 'x'.repeat(4001), clientId: randomUUID() })) as {
        error: { statusCode: number; details: unknown };
      };
      expect(ack.error).toMatchObject({ statusCode: 400, details: [{ field: 'body', message: 'must be at most 4000 characters' }] });
    });

    it('pushes message:new to both participants’ sockets, and typing to the other one only', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      const [patientSocket, doctorSocket] = await Promise.all([sockets.connect(patient.accessToken), sockets.connect(doctor.accessToken)]);
      const arrives = next<Message>(doctorSocket, 'message:new');
      const echoed = next<Message>(patientSocket, 'message:new');
      const ack = (await patientSocket.emitWithAck('message:send', { conversationId: conversation.id, body: 'Hello doctor', clientId: randomUUID() })) as Message;
      expect(await arrives).toEqual(ack);
      expect(await echoed).toEqual(ack);
      const typing = next<{ conversationId: string; userId: string }>(doctorSocket, 'typing');
      expect(await patientSocket.emitWithAck('typing', { conversationId: conversation.id })).toEqual({ ok: true });
      expect(await typing).toEqual({ conversationId: conversation.id, userId: patient.id });
    });
  });

  describe('history and catch-up', () => {
    it('pages older history with before and hasMore', async () => {
      const { patient, conversation } = await chattingPair(t);
      for (let i = 1; i <= 7; i++) await send(t, patient, conversation.id, `m${i}`);
      const newest = await history(t, patient, conversation.id, '?limit=3');
      expect(newest.items.map((m) => m.seq)).toEqual([5, 6, 7]);
      expect(newest.hasMore).toBe(true);
      const older = await history(t, patient, conversation.id, '?limit=3&before=5');
      expect(older.items.map((m) => m.seq)).toEqual([2, 3, 4]);
      const oldest = await history(t, patient, conversation.id, '?limit=3&before=2');
      expect(oldest).toEqual({ items: [expect.objectContaining({ seq: 1, body: 'm1' })], hasMore: false });
      const both = await t.http.get(`/api/conversations/${conversation.id}/messages?before=3&after=1`).set(patient.auth).expect(400);
      expect(both.body.details[0].field).toBe('after');
      await t.http.get(`/api/conversations/${conversation.id}/messages?limit=101`).set(patient.auth).expect(400);
    });

    it('lets a client that was disconnected catch up exactly the messages it missed, in order', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      const doctorSocket = await sockets.connect(doctor.accessToken);
      const seen: Message[] = [];
      doctorSocket.on('message:new', (m: Message) => seen.push(m));
      const second = next(doctorSocket, 'message:new', (m: Message) => m.seq === 2);
      const first = await send(t, patient, conversation.id, 'before the drop 1');
      await send(t, patient, conversation.id, 'before the drop 2');
      await second;
      doctorSocket.disconnect();
      const lastSeen = Math.max(...seen.map((m) => m.seq));
      const missed: Message[] = [];
      for (let i = 0; i < 5; i++) missed.push(await send(t, i % 2 ? doctor : patient, conversation.id, `while away ${i}`));
      const back = await sockets.connect(doctor.accessToken);
      const live: Message[] = [];
      back.on('message:new', (m: Message) => live.push(m));
      const caughtUp = await history(t, doctor, conversation.id, `?after=${lastSeen}`);
      expect(caughtUp.items.map((m) => m.id)).toEqual(missed.map((m) => m.id));
      expect(caughtUp.items.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7]);
      expect(caughtUp.hasMore).toBe(false);
      expect(first.seq).toBe(1);
      // and after catching up, new messages arrive live
      const arrives = next<Message>(back, 'message:new');
      const after = await send(t, patient, conversation.id, 'welcome back');
      expect(await arrives).toEqual(after);
      expect(live).toEqual([after]);
    });
  });

  describe('read receipts and unread counts', () => {
    it('counts unread from the database and agrees with it after a read receipt; the sender sees read ticks', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      for (let i = 1; i <= 5; i++) await send(t, patient, conversation.id, `p${i}`);
      await send(t, doctor, conversation.id, 'd1');
      const unreadInDb = async (userId: string) =>
        Number(
          (
            await db.query<{ n: string }>('select count(*) as n from messages where conversation_id = $1 and read_at is null and sender_id <> $2', [
              conversation.id,
              userId,
            ])
          ).rows[0].n,
        );
      const listOf = async (viewer: Session) => (await t.http.get('/api/conversations').set(viewer.auth).expect(200)).body as { items: Conversation[]; unreadCount: number };
      expect((await listOf(doctor)).items[0].unreadCount).toBe(5);
      expect((await listOf(doctor)).unreadCount).toBe(await unreadInDb(doctor.id));
      expect((await listOf(patient)).unreadCount).toBe(1);

      const patientSocket = await sockets.connect(patient.accessToken);
      const ticks = next<{ conversationId: string; readerId: string; upToSeq: number }>(patientSocket, 'message:read');
      const receipt = await t.http.post(`/api/conversations/${conversation.id}/read`).set(doctor.auth).send({ upToSeq: 3 }).expect(200);
      expect(receipt.body).toEqual({ upToSeq: 3, unreadCount: 2 });
      expect(await ticks).toMatchObject({ conversationId: conversation.id, readerId: doctor.id, upToSeq: 3 });
      expect((await listOf(doctor)).items[0].unreadCount).toBe(await unreadInDb(doctor.id));
      expect(await unreadInDb(doctor.id)).toBe(2);
      const page = await history(t, patient, conversation.id);
      expect(page.items.filter((m) => m.readAt !== null).map((m) => m.seq)).toEqual([1, 2, 3]);

      // over the socket; reading past the end marks what exists; the doctor's own message stays unread for the patient
      const doctorSocket = await sockets.connect(doctor.accessToken);
      expect(await doctorSocket.emitWithAck('message:read', { conversationId: conversation.id, upToSeq: 99 })).toEqual({ upToSeq: 5, unreadCount: 0 });
      expect((await listOf(doctor)).unreadCount).toBe(0);
      expect((await listOf(patient)).unreadCount).toBe(await unreadInDb(patient.id));
      expect(await unreadInDb(patient.id)).toBe(1);
      const bad = await t.http.post(`/api/conversations/${conversation.id}/read`).set(doctor.auth).send({ upToSeq: -1 }).expect(400);
      expect(bad.body.details[0].field).toBe('upToSeq');
    });
  });

  describe('attachments', () => {
    it('sends a file checked by its content as a message, downloadable by the participants; refuses other types', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      const res = await t.http
        .post(`/api/conversations/${conversation.id}/attachments`)
        .set(patient.auth)
        .field('clientId', 'upload-1')
        .attach('file', TINY_PNG, 'rash photo.png')
        .expect(201);
      expect(res.body).toMatchObject({ seq: 1, body: '', clientId: 'upload-1', attachment: { fileName: 'rash photo.png', contentType: 'image/png', size: TINY_PNG.length } });
      const file = await t.http.get(res.body.attachment.url).set(doctor.auth).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(Buffer.compare(file.body as Buffer, TINY_PNG)).toBe(0);
      // the same clientId again: the same message
      const again = await t.http.post(`/api/conversations/${conversation.id}/attachments`).set(patient.auth).field('clientId', 'upload-1').attach('file', TINY_PNG, 'rash photo.png').expect(200);
      expect(again.body.id).toBe(res.body.id);
      const html = await t.http.post(`/api/conversations/${conversation.id}/attachments`).set(patient.auth).attach('file', Buffer.from('<html><script>alert(1)</script>'), 'photo.png').expect(415);
      expect(html.body.details[0].field).toBe('file');
      await t.http.post(`/api/conversations/${conversation.id}/attachments`).set(patient.auth).send({}).expect(400);
      expect((await history(t, patient, conversation.id)).items).toHaveLength(1);
    });
  });

  describe('audit of reads (messages are medical content)', () => {
    const entriesAbout = async (conversationId: string, messageId?: string) =>
      (
        await db.query<{ actor_id: string; actor_role: string; action: string; target_type: string; target_id: string; subject_id: string; request_id: string | null }>(
          `select actor_id, actor_role, action, target_type, target_id, subject_id, request_id from audit_log
           where target_id in ($1, $2) order by seq`,
          [conversationId, messageId ?? conversationId],
        )
      ).rows;

    it('writes one entry per page a participant reads (history, older, catch-up), about the patient, with the request id; none per message or send', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      for (let i = 1; i <= 5; i++) await send(t, i % 2 ? patient : doctor, conversation.id, `Symptom report ${i}`);
      expect(await entriesAbout(conversation.id)).toEqual([]);

      const newest = await t.http.get(`/api/conversations/${conversation.id}/messages?limit=2`).set(doctor.auth).set('X-Request-Id', 'chat-audit-0001').expect(200);
      expect(newest.body.items).toHaveLength(2);
      await t.http.get(`/api/conversations/${conversation.id}/messages?before=4&limit=2`).set(doctor.auth).expect(200);
      await t.http.get(`/api/conversations/${conversation.id}/messages?after=3`).set(patient.auth).expect(200);
      const entries = await entriesAbout(conversation.id);
      expect(entries).toEqual([
        { actor_id: doctor.id, actor_role: 'doctor', action: 'messages.read', target_type: 'conversation', target_id: conversation.id, subject_id: patient.id, request_id: 'chat-audit-0001' },
        expect.objectContaining({ actor_id: doctor.id, action: 'messages.read', subject_id: patient.id }),
        expect.objectContaining({ actor_id: patient.id, actor_role: 'patient', action: 'messages.read', subject_id: patient.id }),
      ]);
      expect(entries[1].request_id).toMatch(/^[0-9a-f-]{36}$/);

      // The patient's "who viewed my record" shows the doctor's reads, not their own.
      const log = await t.http.get('/api/patients/me/access-log').set(patient.auth).expect(200);
      const reads = (log.body.items as { actor: { id: string }; action: string }[]).filter((e) => e.action === 'messages.read');
      expect(reads.map((e) => e.actor.id)).toEqual([doctor.id, doctor.id]);
    });

    it('writes one entry per attachment download, and none for a refused read', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      const uploaded = await t.http.post(`/api/conversations/${conversation.id}/attachments`).set(patient.auth).attach('file', TINY_PNG, 'scan.png').expect(201);
      const messageId = uploaded.body.id as string;
      await t.http.get(`/api/conversations/${conversation.id}/attachments/${messageId}`).set(doctor.auth).expect(200);
      expect(await entriesAbout(conversation.id, messageId)).toEqual([
        expect.objectContaining({ actor_id: doctor.id, action: 'messages.attachment_read', target_type: 'message', target_id: messageId, subject_id: patient.id }),
      ]);

      // Outsiders, admins included, read nothing: 404, and nothing is logged as read.
      for (const outsider of [await approvedDoctor(t), await registerPatient(t), await signInAdmin(t)]) {
        await t.http.get(`/api/conversations/${conversation.id}/messages`).set(outsider.auth).expect(404);
        await t.http.get(`/api/conversations/${conversation.id}/attachments/${messageId}`).set(outsider.auth).expect(404);
      }
      await t.http.get(`/api/conversations/${conversation.id}/messages?before=1&after=1`).set(doctor.auth).expect(400);
      expect(await entriesAbout(conversation.id, messageId)).toHaveLength(1);
    });
  });

  describe('notifying unread messages', () => {
    it('tells a recipient once per conversation about messages unread for a few minutes, and again only after they read', async () => {
      const { patient, doctor, conversation } = await chattingPair(t);
      const job = t.app.get(MessageNoticeJob);
      const noticesOf = async (userId: string) =>
        (await db.query<{ title: string; body: string; link: string }>(`select title, body, link from notifications where user_id = $1 and kind = 'message-unread' order by created_at`, [userId])).rows;
      const mailsTo = async (userId: string) => Number((await db.query<{ n: string }>(`select count(*) as n from deliveries where user_id = $1 and kind = 'message-unread'`, [userId])).rows[0].n);

      for (let i = 0; i < 3; i++) await send(t, patient, conversation.id, `Question ${i}`);
      await job.run();
      expect(await noticesOf(doctor.id)).toEqual([]);

      t.clock.advance(6 * 60_000);
      await job.run();
      await job.run();
      expect(await noticesOf(doctor.id)).toEqual([{ title: 'New message from Pat Chatter', body: 'Pat Chatter sent you 3 messages', link: `/messages/${conversation.id}` }]);
      expect(await mailsTo(doctor.id)).toBe(1);
      expect(await noticesOf(patient.id)).toEqual([]);

      // more unread messages: still one notice until the doctor reads
      await send(t, patient, conversation.id, 'Anyone there?');
      t.clock.advance(6 * 60_000);
      await job.run();
      expect(await noticesOf(doctor.id)).toHaveLength(1);

      await t.http.post(`/api/conversations/${conversation.id}/read`).set(doctor.auth).send({ upToSeq: 4 }).expect(200);
      await send(t, patient, conversation.id, 'Thanks');
      t.clock.advance(6 * 60_000);
      await job.run();
      expect(await noticesOf(doctor.id)).toHaveLength(2);

      // the doctor who turned message emails off still gets the bell entry, but no email
      await t.http.put('/api/notifications/preferences').set(doctor.auth).send({ email: { appointments: true, reminders: true, messages: false }, sms: { appointments: true, reminders: true } }).expect(200);
      await t.http.post(`/api/conversations/${conversation.id}/read`).set(doctor.auth).send({ upToSeq: 5 }).expect(200);
      await send(t, patient, conversation.id, 'One more');
      t.clock.advance(6 * 60_000);
      await job.run();
      expect(await noticesOf(doctor.id)).toHaveLength(3);
      expect(await mailsTo(doctor.id)).toBe(2);
    });
  });
});
