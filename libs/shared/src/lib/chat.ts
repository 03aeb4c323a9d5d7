/** Limits of messaging, shared by the API's validation and the portal's forms. */
export const CHAT_LIMITS = {
  /** Characters of one message's text. */
  body: { max: 4000 },
  /** A client's own id for a message (a UUID or similar), unique per sender. */
  clientId: { min: 1, max: 64 },
  /** Messages in one page of history. */
  page: { default: 50, max: 100 },
  /** How long a message may stay unread before its recipient is notified (once per conversation). */
  notifyAfterMinutes: 5,
} as const;

/** Limits of instant consultations. */
export const CONSULTATION_LIMITS = {
  reason: { min: 3, max: 500 },
  /** A doctor or waiting patient whose page sends no heartbeat for this long is taken out. */
  silentAfterSeconds: 120,
  /** How often an open page beats (well inside silentAfterSeconds). */
  heartbeatSeconds: 30,
  /** The estimate of a consultation's length before any has ended. */
  defaultMinutes: 10,
} as const;

export const CONSULTATION_STATUSES = ['waiting', 'assigned', 'ended', 'left'] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

/** Socket event `typing` (server → client). */
export interface TypingEvent {
  conversationId: string;
  userId: string;
}

/** Socket event `message:read` (server → client): the reader has read every message of the other up to `upToSeq`. */
export interface MessageReadEvent {
  conversationId: string;
  readerId: string;
  upToSeq: number;
  readAt: string;
}

/** The file types a message may carry, as the API recognises them by content (the same as appointment files). */
export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'application/dicom'] as const;

