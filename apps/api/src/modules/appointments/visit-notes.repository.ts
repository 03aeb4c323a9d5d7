import { Injectable } from '@nestjs/common';
import { raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { EncryptedColumn } from '../../common/crypto/key-rotation';

/** Where visit notes are kept, encrypted: one RecordCipher value per note, bound to the note's id. */
export const VISIT_NOTE_COLUMN: EncryptedColumn = { table: 'visit_notes', keyColumn: 'id', column: 'content' };

export interface VisitNoteRow {
  id: string;
  appointment_id: string;
  author_id: string;
  author_name: string | null;
  amends: string | null;
  amended_by: string | null;
  content: string;
  created_at: Date;
}

/** The SQL of visit notes (append-only: inserts and reads, nothing else). */
@Injectable()
export class VisitNotesRepository {
  constructor(private readonly em: EntityManager) {}

  async ofAppointment(appointmentId: string): Promise<VisitNoteRow[]> {
    return this.em.execute<VisitNoteRow[]>(
      raw(
        `select n.id, n.appointment_id, n.author_id, u.full_name as author_name, n.amends, c.id as amended_by, n.content, n.created_at
         from visit_notes n
         left join user_accounts u on u.id = n.author_id
         left join visit_notes c on c.amends = n.id
         where n.appointment_id = :appointmentId
         order by n.created_at, n.id`,
        { appointmentId },
      ),
    );
  }

  /** Every note on any appointment of this patient, oldest first. */
  async ofPatient(patientId: string): Promise<VisitNoteRow[]> {
    return this.em.execute<VisitNoteRow[]>(
      raw(
        `select n.id, n.appointment_id, n.author_id, u.full_name as author_name, n.amends, c.id as amended_by, n.content, n.created_at
         from visit_notes n
         join appointments a on a.id = n.appointment_id
         left join user_accounts u on u.id = n.author_id
         left join visit_notes c on c.amends = n.id
         where a.patient_id = :patientId
         order by n.created_at, n.id`,
        { patientId },
      ),
    );
  }

  async belongsTo(noteId: string, appointmentId: string): Promise<boolean> {
    const rows = await this.em.execute<{ one: number }[]>(
      raw('select 1 as one from visit_notes where id = :noteId and appointment_id = :appointmentId', { noteId, appointmentId }),
    );
    return rows.length > 0;
  }

  async insert(note: { id: string; appointmentId: string; authorId: string; amends: string | null; content: string }): Promise<void> {
    await this.em.execute(
      raw(
        `insert into visit_notes (id, appointment_id, author_id, amends, content)
         values (:id, :appointmentId, :authorId, :amends, :content)`,
        note,
      ),
    );
  }
}
