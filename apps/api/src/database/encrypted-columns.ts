import type { EncryptedColumn } from '../common/crypto/key-rotation';
import { MESSAGE_BODY_COLUMN } from '../modules/chat/message-body';
import { VISIT_NOTE_COLUMN } from '../modules/appointments/visit-notes.repository';
import { MEDICAL_HISTORY_COLUMN } from '../modules/patients/medical-history';

/** Every column holding RecordCipher values: what `npm run keys:rotate` re-encrypts. A new one must be listed here. */
export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [MEDICAL_HISTORY_COLUMN, VISIT_NOTE_COLUMN, MESSAGE_BODY_COLUMN];
