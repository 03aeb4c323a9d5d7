import { ConflictException, ForbiddenException, HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { RecordCipher } from '../../common/crypto/record-cipher';
import { fieldException } from '../../common/exceptions';
import type { AccessContext } from '../audit/audit.service';
import { PatientsService } from '../patients/patients.service';
import { AppointmentsService } from './appointments.service';
import type { CreateVisitNoteRequest, PrescriptionDto, VisitNoteDto } from './dto/visit-notes.dto';
import { violatesUnique } from './pg-errors';
import { VISIT_NOTE_COLUMN, VisitNotesRepository, type VisitNoteRow } from './visit-notes.repository';

interface NoteContent {
  body: string;
  diagnosis: string | null;
  prescriptions: PrescriptionDto[];
  followUp: string | null;
}

export const VISIT_NOTE_ACTIONS = { read: 'visit_notes.read', write: 'visit_notes.write' } as const;

/** No notes on a visit that never happened (declined or cancelled). */
const NOTE_STATUSES = new Set(['pending', 'confirmed', 'completed', 'no_show']);

const slot = (noteId: string) => ({ table: VISIT_NOTE_COLUMN.table, column: VISIT_NOTE_COLUMN.column, rowId: noteId });

/**
 * Visit notes: written by the appointment's doctor, read by its patient and its doctor (an admin only with a
 * break-glass reason); append-only — a correction is a new note that `amends` the old one, which stays, marked
 * as amended. Stored encrypted; every read and write audited against the patient's record.
 */
@Injectable()
export class VisitNotesService {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly repository: VisitNotesRepository,
    private readonly patients: PatientsService,
    private readonly cipher: RecordCipher,
    private readonly em: EntityManager,
  ) {}

  async list(context: AccessContext, appointmentId: string): Promise<VisitNoteDto[]> {
    const appointment = await this.appointments.state(appointmentId, context.actor);
    // Past appointments.state (participants and admins), an admin still needs a stated reason (break-glass).
    const action =
      context.actor.role === 'admin' ? await this.patients.checkRecordAccess(context, appointment.patient_id) : VISIT_NOTE_ACTIONS.read;
    const rows = await this.repository.ofAppointment(appointmentId);
    await this.patients.recordAccess(context, action, appointment.patient_id, {
      type: 'appointment',
      id: appointmentId,
    });
    return rows.map((row) => this.toDto(row));
  }

  async create(context: AccessContext, appointmentId: string, input: CreateVisitNoteRequest): Promise<VisitNoteDto> {
    const appointment = await this.appointments.state(appointmentId, context.actor);
    if (context.actor.role !== 'doctor' || appointment.doctor_id !== context.actor.id) {
      throw new ForbiddenException('Only the appointment’s doctor writes its notes');
    }
    if (!NOTE_STATUSES.has(appointment.status)) {
      throw new ConflictException(`This appointment was ${appointment.status}: there is no visit to write a note about`);
    }
    if (input.amends && !(await this.repository.belongsTo(input.amends, appointmentId))) {
      throw fieldException(HttpStatus.UNPROCESSABLE_ENTITY, 'amends', 'must be the id of a note of this appointment');
    }
    const id = randomUUID();
    const content: NoteContent = {
      body: input.body,
      diagnosis: input.diagnosis || null,
      prescriptions: input.prescriptions ?? [],
      followUp: input.followUp || null,
    };
    try {
      await this.em.transactional(async () => {
        await this.repository.insert({
          id,
          appointmentId,
          authorId: context.actor.id,
          amends: input.amends ?? null,
          content: this.cipher.encryptJson(content, slot(id)),
        });
        await this.patients.recordAccess(context, VISIT_NOTE_ACTIONS.write, appointment.patient_id, { type: 'visit_note', id });
      });
    } catch (error) {
      if (violatesUnique(error, 'visit_notes_amends_key')) {
        throw new ConflictException('That note has already been corrected: amend the newest version instead');
      }
      throw error;
    }
    const created = (await this.repository.ofAppointment(appointmentId)).find((row) => row.id === id);
    if (!created) throw new ConflictException('The note could not be read back; reload and try again');
    return this.toDto(created);
  }

  /** Every note of the patient's, decrypted, for their own export (the caller audits the export as a whole). */
  async allOfPatient(patientId: string): Promise<VisitNoteDto[]> {
    return (await this.repository.ofPatient(patientId)).map((row) => this.toDto(row));
  }

  private toDto(row: VisitNoteRow): VisitNoteDto {
    const content = this.cipher.decryptJson<NoteContent>(row.content, slot(row.id));
    return {
      id: row.id,
      appointmentId: row.appointment_id,
      authorId: row.author_id,
      author: { id: row.author_id, fullName: row.author_name ?? 'A former doctor' },
      body: content.body,
      diagnosis: content.diagnosis,
      prescriptions: content.prescriptions,
      followUp: content.followUp,
      createdAt: new Date(row.created_at).toISOString(),
      amends: row.amends,
      amendedBy: row.amended_by,
    };
  }
}
