import type { EncryptedColumn } from '../../common/crypto/key-rotation';

export const CONDITION_STATUSES = ['active', 'resolved'] as const;
export const ALLERGY_SEVERITIES = ['mild', 'moderate', 'severe'] as const;

export interface Condition {
  name: string;
  since?: string | null;
  status: (typeof CONDITION_STATUSES)[number];
  note?: string | null;
}
export interface Allergy {
  substance: string;
  reaction?: string | null;
  severity?: (typeof ALLERGY_SEVERITIES)[number] | null;
}
export interface Medication {
  name: string;
  dose?: string | null;
  since?: string | null;
}

/**
 * The medical history in the International Patient Summary's shape. Each list is `null` while never filled in
 * ("not recorded") and `[]` once the patient has confirmed there is nothing ("none known"): IPS tells the two
 * apart, and so must every screen and export.
 */
export interface MedicalHistory {
  conditions: Condition[] | null;
  allergies: Allergy[] | null;
  medications: Medication[] | null;
  notes: string | null;
}

export const EMPTY_HISTORY: MedicalHistory = { conditions: null, allergies: null, medications: null, notes: null };

/** Where the history is kept, encrypted: one RecordCipher value per patient, bound to the patient's id. */
export const MEDICAL_HISTORY_COLUMN: EncryptedColumn = { table: 'patient_profiles', keyColumn: 'user_id', column: 'medical_history' };
