import { defineEntity, p } from '@mikro-orm/core';
import { CONSULTATION_STATUSES } from '@carebook/shared';
import { uuidPrimaryKey } from '../../common/entity-columns';
import { UserSchema } from '../users/user.entity';

/**
 * The chat module's tables, exactly as its migration defines them. Reads and writes are SQL in ChatRepository
 * and ConsultationsRepository; these definitions keep the schema test honest.
 */
const user = (field: string) => () => p.manyToOne(UserSchema).mapToPk().fieldName(field).deleteRule('cascade').updateRule('no action');

const ConversationSchema = defineEntity({
  name: 'Conversation',
  tableName: 'conversations',
  properties: {
    id: uuidPrimaryKey(),
    patientId: user('patient_id'),
    doctorId: user('doctor_id'),
    lastSeq: p.integer().default(0),
    lastMessageAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ name: 'conversations_doctor_idx', properties: ['doctorId'] }],
  uniques: [{ name: 'conversations_pair_key', properties: ['patientId', 'doctorId'] }],
});

const MessageSchema = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: uuidPrimaryKey(),
    conversationId: () => p.manyToOne(ConversationSchema).mapToPk().fieldName('conversation_id').deleteRule('cascade').updateRule('no action'),
    seq: p.integer(),
    senderId: user('sender_id'),
    clientId: p.text(),
    body: p.text(),
    attachmentName: p.text().nullable(),
    attachmentType: p.text().nullable(),
    attachmentSize: p.integer().nullable(),
    attachmentKey: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    readAt: p.datetime().nullable(),
  },
  indexes: [{ name: 'messages_unread_idx', expression: 'create index messages_unread_idx on messages (conversation_id, seq) where read_at is null' }],
  uniques: [
    { name: 'messages_conversation_seq_key', properties: ['conversationId', 'seq'] },
    { name: 'messages_sender_client_key', properties: ['senderId', 'clientId'] },
  ],
  checks: [{ name: 'messages_seq_check', expression: 'seq > 0' }],
});

const ConversationNoticeSchema = defineEntity({
  name: 'ConversationNotice',
  tableName: 'conversation_notices',
  properties: {
    conversationId: () =>
      p.manyToOne(ConversationSchema).mapToPk().primary().fieldName('conversation_id').deleteRule('cascade').updateRule('no action'),
    userId: () => p.manyToOne(UserSchema).mapToPk().primary().fieldName('user_id').deleteRule('cascade').updateRule('no action'),
    notifiedSeq: p.integer(),
  },
});

const ConsultationDoctorSchema = defineEntity({
  name: 'ConsultationDoctor',
  tableName: 'consultation_doctors',
  properties: {
    doctorId: () => p.oneToOne(UserSchema).mapToPk().primary().fieldName('doctor_id').deleteRule('cascade').updateRule('no action').owner(),
    available: p.boolean().default(false),
    availableSince: p.datetime().nullable(),
    lastSeenAt: p.datetime(),
  },
});

const ConsultationSchema = defineEntity({
  name: 'Consultation',
  tableName: 'consultations',
  properties: {
    id: uuidPrimaryKey(),
    patientId: user('patient_id'),
    doctorId: () => p.manyToOne(UserSchema).mapToPk().nullable().fieldName('doctor_id').deleteRule('cascade').updateRule('no action'),
    specialty: p.text().nullable(),
    reason: p.text(),
    status: p.enum(CONSULTATION_STATUSES).default('waiting'),
    conversationId: () =>
      p.manyToOne(ConversationSchema).mapToPk().nullable().fieldName('conversation_id').deleteRule('set null').updateRule('no action'),
    requestedAt: p.datetime(),
    patientSeenAt: p.datetime(),
    assignedAt: p.datetime().nullable(),
    endedAt: p.datetime().nullable(),
  },
  indexes: [
    { name: 'consultations_waiting_idx', expression: `create index consultations_waiting_idx on consultations (requested_at, id) where status = 'waiting'` },
    { name: 'consultations_pair_idx', properties: ['patientId', 'doctorId'] },
  ],
  uniques: [
    {
      name: 'consultations_patient_open_key',
      expression: `create unique index consultations_patient_open_key on consultations (patient_id) where status in ('waiting', 'assigned')`,
    },
    {
      name: 'consultations_doctor_assigned_key',
      expression: `create unique index consultations_doctor_assigned_key on consultations (doctor_id) where status = 'assigned'`,
    },
  ],
});

export { ConversationSchema, MessageSchema, ConversationNoticeSchema, ConsultationDoctorSchema, ConsultationSchema };
