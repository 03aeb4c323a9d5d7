import { ConflictException, ForbiddenException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { CHAT_LIMITS, type MessageReadEvent, type TypingEvent } from '@carebook/shared';
import { AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException } from '../../common/exceptions';
import { TtlCache } from '../../common/ttl-cache';
import { acceptUpload } from '../../common/uploads/accept-upload';
import type { UploadedBlob } from '../../common/uploads/content-type';
import { FileStore } from '../../common/uploads/file-store';
import { AppointmentsService } from '../appointments/appointments.service';
import { AuditService, type AccessContext } from '../audit/audit.service';
import { Realtime } from '../realtime/realtime.service';
import { ChatRepository, type ConversationListRow, type ConversationParticipants, type MessageRecord, type NewMessage } from './chat.repository';
import type {
  ConversationDto,
  ConversationPage,
  ListConversationsQuery,
  ListMessagesQuery,
  MessageDto,
  MessagePage,
  ReadReceiptDto,
  SendMessageRequest,
} from './dto/chat.dto';

export function toMessageDto(row: MessageRecord): MessageDto {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    senderId: row.sender_id,
    body: row.body,
    clientId: row.client_id,
    attachment:
      row.attachment_key && row.attachment_name && row.attachment_type
        ? {
            fileName: row.attachment_name,
            contentType: row.attachment_type,
            size: Number(row.attachment_size ?? 0),
            url: `/api/conversations/${row.conversation_id}/attachments/${row.id}`,
          }
        : null,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

function toConversationDto(row: ConversationListRow, maxFileBytes: number): ConversationDto {
  return {
    id: row.id,
    patient: { id: row.patient_id, fullName: row.patient_name, photoUrl: null },
    doctor: { id: row.doctor_id, fullName: row.doctor_name, photoUrl: row.doctor_photo },
    lastMessage: row.last ? toMessageDto(row.last) : null,
    unreadCount: row.unread,
    lastSeq: row.last_seq,
    maxFileBytes,
  };
}

/**
 * What the audit log calls a participant's read of a conversation (issue 13: every read of medical content is
 * audited). One entry per page of history or catch-up and per attachment download, about the conversation's
 * patient, never one per message. Sends are not written again: the message row is itself the append-only record
 * of who wrote what and when. Nobody else can read a conversation (admins included: 404), so there is no other
 * access to audit.
 */
export const MESSAGE_ACTIONS = { read: 'messages.read', attachmentRead: 'messages.attachment_read' } as const;

/** The answer to a send: the stored message, and whether this call stored it (false: a resend of the same clientId). */
export interface SendResult {
  message: MessageDto;
  created: boolean;
}

/**
 * Conversations between a patient and a doctor and their messages. PostgreSQL is the source of truth: every
 * message is stored with its seq before anyone is told, and the socket events are only a fast path that a
 * client backs up with `after=<last seq seen>` when it reconnects. Only the two participants see a
 * conversation; for anyone else it does not exist (404).
 */
@Injectable()
export class ChatService {
  /** A conversation's participants never change, so they are cached for the checks on every message. */
  private readonly participantsCache = new TtlCache<string, ConversationParticipants>(60 * 60_000, 50_000);

  constructor(
    private readonly repository: ChatRepository,
    private readonly appointments: AppointmentsService,
    private readonly realtime: Realtime,
    private readonly store: FileStore,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** The conversation if the user takes part in it; 404 otherwise, as if it did not exist. */
  async requireParticipant(user: AuthUser, conversationId: string): Promise<ConversationParticipants> {
    let row = this.participantsCache.get(conversationId);
    if (!row) {
      row = await this.repository.participants(conversationId);
      if (row) this.participantsCache.set(conversationId, row);
    }
    if (!row || (row.patient_id !== user.id && row.doctor_id !== user.id)) throw new NotFoundException('No such conversation');
    return row;
  }

  /**
   * The conversation between the caller and `participantId` (a doctor for a patient, a patient for a doctor):
   * the existing one, or a new one when the pair has a care relationship (an appointment, or an instant
   * consultation, which opens the conversation itself). 403 for anyone else, whether or not they exist.
   */
  async open(me: AuthUser, participantId: string): Promise<{ conversation: ConversationDto; created: boolean }> {
    const patientId = me.role === 'patient' ? me.id : participantId;
    const doctorId = me.role === 'doctor' ? me.id : participantId;
    const refused = new ForbiddenException('You can message only a doctor or patient you have an appointment or consultation with');
    if (me.id === participantId) throw refused;
    let existing = await this.repository.pair(patientId, doctorId);
    let created = false;
    if (!existing) {
      const other = await this.repository.account(participantId);
      const expectedRole = me.role === 'patient' ? 'doctor' : 'patient';
      if (!other || other.role !== expectedRole || !(await this.appointments.hasAppointmentBetween(patientId, doctorId))) throw refused;
      const opened = await this.repository.openPair(patientId, doctorId, this.clock.now());
      existing = opened.row;
      created = opened.created;
    }
    return { conversation: await this.conversation(me, existing.id), created };
  }

  /** The pair's conversation, opened if need be (an instant consultation's assignment); its id. */
  async openForConsultation(patientId: string, doctorId: string): Promise<string> {
    return (await this.repository.openPair(patientId, doctorId, this.clock.now())).row.id;
  }

  async list(me: AuthUser, query: ListConversationsQuery): Promise<ConversationPage> {
    const { rows, total, unread } = await this.repository.list(me.id, (query.page - 1) * query.pageSize, query.pageSize);
    return { items: rows.map((row) => toConversationDto(row, this.config.uploadMaxBytes)), total, unreadCount: unread };
  }

  /** One conversation as the list shows it. */
  async conversation(me: AuthUser, conversationId: string): Promise<ConversationDto> {
    await this.requireParticipant(me, conversationId);
    // The list query, narrowed to this one: the same shape and the same unread count.
    const { rows } = await this.repository.list(me.id, 0, 1, conversationId);
    const [row] = rows;
    if (!row) throw new NotFoundException('No such conversation');
    return toConversationDto(row, this.config.uploadMaxBytes);
  }

  /** A page of the conversation's messages; the read is in the audit log (one entry per page). */
  async messages(context: AccessContext, conversationId: string, query: ListMessagesQuery): Promise<MessagePage> {
    const conversation = await this.requireParticipant(context.actor, conversationId);
    if (query.before !== undefined && query.after !== undefined) {
      throw fieldException(HttpStatus.BAD_REQUEST, 'after', 'cannot be combined with before', 'Ask for older (before) or newer (after) messages, not both');
    }
    const page = await this.repository.page(conversationId, { before: query.before, after: query.after, limit: query.limit });
    await this.audit.recordAccess(context, { action: MESSAGE_ACTIONS.read, subjectId: conversation.patient_id, targetType: 'conversation', targetId: conversationId });
    return { items: page.items.map(toMessageDto), hasMore: page.hasMore };
  }

  /** Stores a text message (or returns the one stored for this clientId) and pushes it to both participants. */
  send(me: AuthUser, conversationId: string, input: SendMessageRequest): Promise<SendResult> {
    if (input.body.length > CHAT_LIMITS.body.max) throw fieldException(HttpStatus.BAD_REQUEST, 'body', `must be at most ${CHAT_LIMITS.body.max} characters`);
    return this.persist(me, { conversationId, senderId: me.id, clientId: input.clientId, body: input.body, attachment: null, now: this.clock.now() });
  }

  /** Stores a file (checked by its content, as appointment files are) as a message of its own. */
  async attach(me: AuthUser, conversationId: string, file: UploadedBlob | undefined, clientId: string | undefined): Promise<SendResult> {
    await this.requireParticipant(me, conversationId);
    if (!file) throw fieldException(HttpStatus.BAD_REQUEST, 'file', 'must hold a file');
    if (clientId !== undefined && (clientId.length < CHAT_LIMITS.clientId.min || clientId.length > CHAT_LIMITS.clientId.max)) {
      throw fieldException(HttpStatus.BAD_REQUEST, 'clientId', `must be ${CHAT_LIMITS.clientId.min}–${CHAT_LIMITS.clientId.max} characters`);
    }
    if (clientId !== undefined) {
      const earlier = await this.repository.byClientId(me.id, clientId);
      if (earlier) return this.resent(earlier, conversationId);
    }
    const type = acceptUpload(file, 'file');
    const id = randomUUID();
    const key = `conversations/${conversationId}/${id}.${type.extension}`;
    await this.store.save(key, file.buffer);
    try {
      return await this.persist(me, {
        conversationId,
        senderId: me.id,
        clientId: clientId ?? id,
        body: '',
        attachment: { name: type.name, type: type.type, size: file.size, key },
        now: this.clock.now(),
      });
    } catch (error) {
      await this.store.remove(key);
      throw error;
    }
  }

  private async persist(me: AuthUser, message: NewMessage): Promise<SendResult> {
    const conversation = await this.requireParticipant(me, message.conversationId);
    const stored = await this.repository.insert(message);
    if (stored === 'duplicate') {
      const earlier = await this.repository.byClientId(me.id, message.clientId);
      if (!earlier) throw new ConflictException({ message: 'This clientId was already used', details: [{ field: 'clientId', message: 'is already used' }] });
      if (message.attachment) await this.store.remove(message.attachment.key);
      return this.resent(earlier, message.conversationId);
    }
    if (stored === 'missing') throw new NotFoundException('No such conversation');
    const dto = toMessageDto(stored);
    this.realtime.toUsers([conversation.patient_id, conversation.doctor_id], 'message:new', dto);
    return { message: dto, created: true };
  }

  /** A clientId already used: the message stored for it, if it belongs to this conversation. */
  private resent(earlier: MessageRecord, conversationId: string): SendResult {
    if (earlier.conversation_id !== conversationId) {
      throw new ConflictException({ message: 'This clientId was already used for a message in another conversation', details: [{ field: 'clientId', message: 'is already used' }] });
    }
    return { message: toMessageDto(earlier), created: false };
  }

  /** A read receipt: the other participant's messages up to `upToSeq` are read; both participants are told. */
  async read(me: AuthUser, conversationId: string, upToSeq: number): Promise<ReadReceiptDto> {
    const conversation = await this.requireParticipant(me, conversationId);
    const now = this.clock.now();
    const marked = await this.repository.markRead(conversationId, me.id, upToSeq, now);
    const unreadCount = await this.repository.unreadIn(conversationId, me.id);
    if (marked > 0) {
      const event: MessageReadEvent = { conversationId, readerId: me.id, upToSeq: marked, readAt: now.toISOString() };
      this.realtime.toUsers([conversation.patient_id, conversation.doctor_id], 'message:read', event);
    }
    return { upToSeq: marked, unreadCount };
  }

  /** Tells the other participant that the caller is typing. */
  async typing(me: AuthUser, conversationId: string): Promise<void> {
    const conversation = await this.requireParticipant(me, conversationId);
    const other = conversation.patient_id === me.id ? conversation.doctor_id : conversation.patient_id;
    const event: TypingEvent = { conversationId, userId: me.id };
    this.realtime.toUsers([other], 'typing', event);
  }

  /** An attachment's file, for the participants only; the download is in the audit log. */
  async openAttachment(context: AccessContext, conversationId: string, messageId: string): Promise<{ stream: Readable; size: number; type: string; name: string }> {
    const conversation = await this.requireParticipant(context.actor, conversationId);
    const message = await this.repository.one(conversationId, messageId);
    const stored = message?.attachment_key ? await this.store.open(message.attachment_key) : null;
    if (!message || !stored) throw new NotFoundException('No such attachment');
    try {
      await this.audit.recordAccess(context, { action: MESSAGE_ACTIONS.attachmentRead, subjectId: conversation.patient_id, targetType: 'message', targetId: messageId });
    } catch (error) {
      stored.stream.destroy();
      throw error;
    }
    return { ...stored, type: message.attachment_type ?? 'application/octet-stream', name: message.attachment_name ?? 'file' };
  }
}
