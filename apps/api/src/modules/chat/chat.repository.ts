import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { GroupCommit } from '../../common/group-commit';
import { isUniqueViolation } from '../../common/pg-error';
import { PreparedStatement } from '../../database/bound-statement';
import { MessageBodyCodec } from './message-body';

export interface ConversationParticipants {
  id: string;
  patient_id: string;
  doctor_id: string;
}

/** A message as stored, its body already decoded. */
export interface MessageRecord {
  id: string;
  conversation_id: string;
  seq: number;
  sender_id: string;
  client_id: string;
  body: string;
  attachment_name: string | null;
  attachment_type: string | null;
  attachment_size: number | null;
  attachment_key: string | null;
  created_at: Date;
  read_at: Date | null;
}

export interface ConversationListRow {
  id: string;
  patient_id: string;
  patient_name: string;
  doctor_id: string;
  doctor_name: string;
  doctor_photo: string | null;
  last_seq: number;
  unread: number;
  last: MessageRecord | null;
}

export interface NewMessage {
  conversationId: string;
  senderId: string;
  clientId: string;
  body: string;
  attachment: { name: string; type: string; size: number; key: string } | null;
  now: Date;
}

export interface DueNotice {
  conversation_id: string;
  recipient_id: string;
  sender_id: string;
  sender_name: string;
  up_to_seq: number;
  unread: number;
}

/** A message ready to be written: its id, and its body as the column holds it (encrypted, bound to the id). */
interface PreparedMessage {
  id: string;
  message: NewMessage;
  column: string;
}

/** A message's columns, named as the table names them, as both insert statements take them. */
function columnsOf({ id, message, column }: PreparedMessage) {
  return {
    id,
    conversation_id: message.conversationId,
    sender_id: message.senderId,
    client_id: message.clientId,
    body: column,
    attachment_name: message.attachment?.name ?? null,
    attachment_type: message.attachment?.type ?? null,
    attachment_size: message.attachment?.size ?? null,
    attachment_key: message.attachment?.key ?? null,
    created_at: message.now,
  };
}

/** What writing a message came to: the stored message, or why nothing was stored. */
export type InsertOutcome = MessageRecord | 'duplicate' | 'missing';

/** The most messages one statement writes (a batch of them is ~1 kB of JSON each). */
const MAX_BATCH = 100;

const MESSAGE_COLUMNS =
  'm.id, m.conversation_id, m.seq, m.sender_id, m.client_id, m.body, m.attachment_name, m.attachment_type, m.attachment_size, m.attachment_key, m.created_at, m.read_at';

/** One message: its conversation's row bumped (and so locked until the transaction ends), the message inserted with the seq it got. */
export const INSERT_ONE = new PreparedStatement(`
  with bumped as (
    update conversations set last_seq = last_seq + 1, last_message_at = $10 where id = $2 returning id, last_seq
  )
  insert into messages (id, conversation_id, seq, sender_id, client_id, body, attachment_name, attachment_type, attachment_size, attachment_key, created_at)
  select $1::uuid, id, last_seq, $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::int, $9::text, $10::timestamptz from bumped
  returning ${MESSAGE_COLUMNS.replace(/m\./g, '')}`);

export const INSERT_BATCH = new PreparedStatement(`
  with input as (
    select * from jsonb_to_recordset($1::jsonb) as r(ord int, id uuid, conversation_id uuid, sender_id uuid, client_id text, body text,
      attachment_name text, attachment_type text, attachment_size int, attachment_key text, created_at timestamptz)
  ), fresh as (
    select i.* from input i
    left join lateral (select true as taken from messages m where m.sender_id = i.sender_id and m.client_id = i.client_id limit 1) t on true
    where t.taken is null
  ), counts as (
    select conversation_id, count(*)::int as n, max(created_at) as at from fresh group by conversation_id
  ), locked as (
    select c.id from conversations c where c.id = any(array(select conversation_id from counts)) order by c.id for update
  ), bumped as (
    update conversations c set last_seq = c.last_seq + k.n, last_message_at = k.at from counts k
    where c.id = any(array(select id from locked)) and k.conversation_id = c.id
    returning c.id, c.last_seq - k.n as base
  ), inserted as (
    insert into messages (id, conversation_id, seq, sender_id, client_id, body, attachment_name, attachment_type, attachment_size, attachment_key, created_at)
    select f.id, f.conversation_id, b.base + row_number() over (partition by f.conversation_id order by f.ord), f.sender_id, f.client_id, f.body,
      f.attachment_name, f.attachment_type, f.attachment_size, f.attachment_key, f.created_at
    from fresh f join bumped b on b.id = f.conversation_id
    returning id, conversation_id, seq, sender_id, client_id, body, attachment_name, attachment_type, attachment_size, attachment_key, created_at, read_at
  )
  select i.id as input_id, (f.id is null) as duplicate, n.*
  from input i left join fresh f on f.id = i.id left join inserted n on n.id = i.id`);

/** The conversations, messages and conversation_notices tables. Message bodies pass through MessageBodyCodec, both ways. */
@Injectable()
export class ChatRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly codec: MessageBodyCodec,
  ) {}

  /** Messages on their way to the database, written in batches (see insert). */
  private readonly writes = new GroupCommit<PreparedMessage, InsertOutcome>((batch) => this.insertBatch(batch), MAX_BATCH);

  /** A row as read; `body`, when the caller has the plaintext already (a message it just wrote), is not decrypted. */
  private decode(row: MessageRecord, body = this.codec.fromColumn(row.body, row.id)): MessageRecord {
    return { ...row, seq: Number(row.seq), body, created_at: new Date(row.created_at), read_at: row.read_at ? new Date(row.read_at) : null };
  }

  async participants(conversationId: string): Promise<ConversationParticipants | undefined> {
    const [row] = await this.em.execute<ConversationParticipants[]>(
      raw<RawQueryFragment>('select id, patient_id, doctor_id from conversations where id = :conversationId', { conversationId }),
    );
    return row;
  }

  async pair(patientId: string, doctorId: string): Promise<ConversationParticipants | undefined> {
    const [row] = await this.em.execute<ConversationParticipants[]>(
      raw<RawQueryFragment>('select id, patient_id, doctor_id from conversations where patient_id = :patientId and doctor_id = :doctorId', { patientId, doctorId }),
    );
    return row;
  }

  /** The pair's conversation, created if there is none yet (`created` says which). */
  async openPair(patientId: string, doctorId: string, now: Date): Promise<{ row: ConversationParticipants; created: boolean }> {
    const [inserted] = await this.em.execute<ConversationParticipants[]>(
      raw<RawQueryFragment>(
        `insert into conversations (patient_id, doctor_id, created_at) values (:patientId, :doctorId, :now)
         on conflict (patient_id, doctor_id) do nothing returning id, patient_id, doctor_id`,
        { patientId, doctorId, now },
      ),
    );
    if (inserted) return { row: inserted, created: true };
    const existing = await this.pair(patientId, doctorId);
    if (!existing) throw new Error('The conversation vanished while it was being opened');
    return { row: existing, created: false };
  }

  /** The account kind and state of a user, through the users module's view. */
  async account(userId: string): Promise<{ role: string; status: string } | undefined> {
    const [row] = await this.em.execute<{ role: string; status: string }[]>(
      raw<RawQueryFragment>('select role, status from user_accounts where id = :userId', { userId }),
    );
    return row;
  }

  /**
   * The user's conversations, most recent first, each with the other participant, the newest message and the
   * user's unread count; and how many there are and are unread in all.
   */
  async list(userId: string, offset: number, limit: number, only?: string): Promise<{ rows: ConversationListRow[]; total: number; unread: number }> {
    const rows = await this.em.execute<(Omit<ConversationListRow, 'last'> & { last: MessageRecord | null })[]>(
      raw<RawQueryFragment>(
        `select c.id, c.patient_id, p.full_name as patient_name, c.doctor_id, d.full_name as doctor_name, dc.photo_url as doctor_photo, c.last_seq,
           (select count(*)::int from messages u where u.conversation_id = c.id and u.read_at is null and u.sender_id <> :userId) as unread,
           (select row_to_json(l) from (select ${MESSAGE_COLUMNS} from messages m where m.conversation_id = c.id and m.seq = c.last_seq) l) as last
         from conversations c
         join user_accounts p on p.id = c.patient_id
         join user_accounts d on d.id = c.doctor_id
         left join doctor_cards dc on dc.doctor_id = c.doctor_id
         where (c.patient_id = :userId or c.doctor_id = :userId) ${only ? 'and c.id = :only' : ''}
         order by coalesce(c.last_message_at, c.created_at) desc, c.id
         offset :offset limit :limit`,
        { userId, offset, limit, only: only ?? null },
      ),
    );
    const [totals] = await this.em.execute<{ total: number; unread: number }[]>(
      raw<RawQueryFragment>(
        `select (select count(*)::int from conversations where patient_id = :userId or doctor_id = :userId) as total,
           (select count(*)::int from messages m join conversations c on c.id = m.conversation_id
            where (c.patient_id = :userId or c.doctor_id = :userId) and m.read_at is null and m.sender_id <> :userId) as unread`,
        { userId },
      ),
    );
    return {
      rows: rows.map((row) => ({ ...row, last_seq: Number(row.last_seq), unread: Number(row.unread), last: row.last ? this.decode(row.last) : null })),
      total: Number(totals.total),
      unread: Number(totals.unread),
    };
  }

  /**
   * Adds a message as its conversation's next seq. Messages sent to this instance at the same time are written
   * together (GroupCommit): one statement and one commit for all that arrived while the previous batch was being
   * written, instead of one each; otherwise in the event loop's next turn, with any others read in the same turn.
   * Inside a caller's transaction the message is written alone, through it, so that it commits with the rest of
   * that transaction.
   *
   * `'duplicate'`: the sender already used this clientId (nothing is written); `'missing'`: no such conversation.
   */
  insert(message: NewMessage): Promise<InsertOutcome> {
    const id = randomUUID(); // chosen here: the encrypted body is bound to it
    const prepared: PreparedMessage = { id, message, column: this.codec.toColumn(message.body, id) };
    return this.em.isInTransaction() ? this.insertOne(prepared) : this.writes.submit(prepared);
  }

  /**
   * One message in one statement: the conversation's row is bumped (and so locked until the statement's
   * transaction ends) and the message inserted with the seq it got. If the sender already used this clientId the
   * insert fails on messages_sender_client_key and the bump is undone with it.
   */
  private async insertOne(prepared: PreparedMessage): Promise<InsertOutcome> {
    const { message } = prepared;
    try {
      const c = columnsOf(prepared);
      const [row] = await INSERT_ONE.execute<MessageRecord>(this.em, [
        c.id, c.conversation_id, c.sender_id, c.client_id, c.body, c.attachment_name, c.attachment_type, c.attachment_size, c.attachment_key, c.created_at,
      ]);
      return row ? this.decode(row, message.body) : 'missing';
    } catch (error) {
      if (isUniqueViolation(error, 'messages_sender_client_key')) return 'duplicate';
      throw error;
    }
  }

  /**
   * Several messages in one statement. Messages whose clientId their sender already used are left out (looked up
   * one by one in messages_sender_client_key: written as a lateral lookup, not `not exists`, so that a plan made
   * while `messages` was empty cannot hash the whole table on every batch once it has grown); each
   * conversation's row is locked (in id order, so that two instances' batches cannot deadlock) and bumped by its
   * number of new messages, which take the seqs after the old last_seq in the order they were sent. Should
   * another instance store one of these clientIds meanwhile (or a batch hold one twice), the statement fails on
   * messages_sender_client_key, nothing of it stays, and each message is then written on its own, in order.
   */
  private async insertBatch(batch: PreparedMessage[]): Promise<InsertOutcome[]> {
    if (batch.length === 1) return [await this.insertOne(batch[0])];
    const input = batch.map((prepared, ord) => ({ ord, ...columnsOf(prepared) }));
    let rows: (Partial<MessageRecord> & { input_id: string; duplicate: boolean })[];
    try {
      rows = await INSERT_BATCH.execute(this.em, [JSON.stringify(input)]);
    } catch (error) {
      if (!isUniqueViolation(error, 'messages_sender_client_key')) throw error;
      const outcomes: InsertOutcome[] = [];
      for (const prepared of batch) outcomes.push(await this.insertOne(prepared));
      return outcomes;
    }
    const byId = new Map(rows.map((row) => [row.input_id, row]));
    return batch.map(({ id, message }) => {
      const row = byId.get(id);
      if (!row) throw new Error(`The batch insert answered nothing for message ${id}`);
      if (row.duplicate) return 'duplicate';
      if (!row.id) return 'missing';
      const { input_id: _, duplicate: __, ...stored } = row;
      return this.decode(stored as MessageRecord, message.body);
    });
  }

  async byClientId(senderId: string, clientId: string): Promise<MessageRecord | undefined> {
    const [row] = await this.em.execute<MessageRecord[]>(
      raw<RawQueryFragment>(`select ${MESSAGE_COLUMNS} from messages m where m.sender_id = :senderId and m.client_id = :clientId`, { senderId, clientId }),
    );
    return row ? this.decode(row) : undefined;
  }

  async one(conversationId: string, messageId: string): Promise<MessageRecord | undefined> {
    const [row] = await this.em.execute<MessageRecord[]>(
      raw<RawQueryFragment>(`select ${MESSAGE_COLUMNS} from messages m where m.conversation_id = :conversationId and m.id = :messageId`, { conversationId, messageId }),
    );
    return row ? this.decode(row) : undefined;
  }

  /**
   * A page of a conversation, oldest first: after `after` (catch-up, the oldest `limit` of them), before `before`
   * (the newest `limit` of them), or the newest `limit` when neither is given. `hasMore`: more lie beyond the page.
   */
  async page(conversationId: string, query: { before?: number; after?: number; limit: number }): Promise<{ items: MessageRecord[]; hasMore: boolean }> {
    const forward = query.after !== undefined;
    const bound = forward ? 'and m.seq > :after' : query.before !== undefined ? 'and m.seq < :before' : '';
    const rows = await this.em.execute<MessageRecord[]>(
      raw<RawQueryFragment>(
        `select ${MESSAGE_COLUMNS} from messages m where m.conversation_id = :conversationId ${bound}
         order by m.seq ${forward ? 'asc' : 'desc'} limit :take`,
        { conversationId, after: query.after ?? 0, before: query.before ?? 0, take: query.limit + 1 },
      ),
    );
    const hasMore = rows.length > query.limit;
    const items = rows.slice(0, query.limit).map((row) => this.decode(row));
    if (!forward) items.reverse();
    return { items, hasMore };
  }

  /** Marks the other participant's messages up to `upToSeq` read; answers the highest seq it marked (0: none). */
  async markRead(conversationId: string, readerId: string, upToSeq: number, now: Date): Promise<number> {
    const [row] = await this.em.execute<{ seq: number | null }[]>(
      raw<RawQueryFragment>(
        `with marked as (
           update messages set read_at = :now
           where conversation_id = :conversationId and seq <= :upToSeq and read_at is null and sender_id <> :readerId
           returning seq
         ) select max(seq) as seq from marked`,
        { conversationId, readerId, upToSeq, now },
      ),
    );
    return Number(row?.seq ?? 0);
  }

  async unreadIn(conversationId: string, userId: string): Promise<number> {
    const [row] = await this.em.execute<{ n: number }[]>(
      raw<RawQueryFragment>(
        'select count(*)::int as n from messages where conversation_id = :conversationId and read_at is null and sender_id <> :userId',
        { conversationId, userId },
      ),
    );
    return Number(row.n);
  }

  /**
   * Inside a transaction: the conversations whose recipient has left messages unread since before `cutoff` and
   * has not been told yet, recorded as told (conversation_notices) in the same statement. A recipient told once
   * is told again only after reading what they were told about. With `lockKey` held by one instance at a time.
   */
  async takeDueNotices(cutoff: Date, lockKey: number): Promise<DueNotice[] | null> {
    const [lock] = await this.em.execute<{ locked: boolean }[]>(raw<RawQueryFragment>('select pg_try_advisory_xact_lock(:lockKey) as locked', { lockKey }));
    if (!lock.locked) return null;
    const rows = await this.em.execute<DueNotice[]>(
      raw<RawQueryFragment>(
        `with unread as (
           select m.conversation_id, m.sender_id,
             case when m.sender_id = c.patient_id then c.doctor_id else c.patient_id end as recipient_id,
             max(m.seq) as up_to_seq, count(*)::int as unread
           from messages m join conversations c on c.id = m.conversation_id
           where m.read_at is null and m.created_at <= :cutoff
           group by m.conversation_id, m.sender_id, c.patient_id, c.doctor_id
         ), due as (
           select u.* from unread u
           left join conversation_notices n on n.conversation_id = u.conversation_id and n.user_id = u.recipient_id
           where n.notified_seq is null
             or (u.up_to_seq > n.notified_seq and not exists (
               select 1 from messages o where o.conversation_id = u.conversation_id and o.read_at is null
                 and o.sender_id = u.sender_id and o.seq <= n.notified_seq))
         ), told as (
           insert into conversation_notices (conversation_id, user_id, notified_seq)
           select conversation_id, recipient_id, up_to_seq from due
           on conflict (conversation_id, user_id) do update set notified_seq = excluded.notified_seq
         )
         select due.*, s.full_name as sender_name from due join user_accounts s on s.id = due.sender_id`,
        { cutoff },
      ),
    );
    return rows.map((row) => ({ ...row, up_to_seq: Number(row.up_to_seq), unread: Number(row.unread) }));
  }
}
