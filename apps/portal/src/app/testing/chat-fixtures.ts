/**
 * Chat data for the messaging and consultation specs: Olivia Bennett (the signed-in patient) and Dr Amara
 * Okafor in one conversation. Never imported by the app itself.
 */
import type { ConsultationDto, ConversationDto, MessageDto } from '@carebook/api-client';

export const OLIVIA = { id: 'p1', fullName: 'Olivia Bennett', photoUrl: null };
export const DR_OKAFOR = { id: 'd1', fullName: 'Dr Amara Okafor', photoUrl: null };

/** Message `seq` of conversation c1, from Dr Okafor unless `senderId` says otherwise. */
export function aMessage(seq: number, overrides: Partial<MessageDto> = {}): MessageDto {
  return {
    id: `m${seq}`,
    conversationId: 'c1',
    seq,
    senderId: DR_OKAFOR.id,
    body: `Message ${seq}`,
    clientId: `client-${seq}`,
    attachment: null,
    createdAt: `2026-03-02T09:${String(seq % 60).padStart(2, '0')}:00.000Z`,
    readAt: null,
    ...overrides,
  };
}

/** Olivia and Dr Okafor's conversation as the list shows it. */
export function aConversation(overrides: Partial<ConversationDto> = {}): ConversationDto {
  return { id: 'c1', patient: OLIVIA, doctor: DR_OKAFOR, lastMessage: null, unreadCount: 0, lastSeq: 0, maxFileBytes: 10 * 1024 * 1024, ...overrides };
}

/** Olivia's instant consultation, waiting third in the queue. */
export function aConsultation(overrides: Partial<ConsultationDto> = {}): ConsultationDto {
  return {
    id: 'k1',
    status: 'waiting',
    patient: OLIVIA,
    reason: 'A rash since yesterday',
    specialty: null,
    position: 3,
    estimatedWaitMinutes: 12,
    requestedAt: '2026-03-02T09:00:00.000Z',
    assignedAt: null,
    endedAt: null,
    ...overrides,
  };
}
