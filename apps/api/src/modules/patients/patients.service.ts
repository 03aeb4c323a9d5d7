import { HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { BREAK_GLASS_REASON_MIN_LENGTH, type Gender } from '@carebook/shared';
import type { AuthUser } from '../../common/auth-user';
import { birthDateProblem } from '../../common/birth-date';
import { RecordCipher } from '../../common/crypto/record-cipher';
import { fieldException } from '../../common/exceptions';
import { escapeLike } from '../../common/sql';
import { AuditService, type AccessContext } from '../audit/audit.service';
import { ClinicService } from '../clinic/clinic.service';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type {
  AccessLogPage,
  AccessLogQuery,
  ListPatientsQuery,
  PatientPage,
  PatientRecordDto,
  UpdatePatientRecordRequest,
} from './dto/patient-record.dto';
import { EMPTY_HISTORY, MEDICAL_HISTORY_COLUMN, type MedicalHistory } from './medical-history';
import { PatientProfile } from './patient-profile.entity';
import { PatientsRepository, type NewProfileRow } from './patients.repository';

/** What the audit log calls each access to a record. */
export const RECORD_ACTIONS = {
  read: 'record.read',
  breakGlassRead: 'record.break_glass_read',
  update: 'record.update',
  export: 'record.export',
} as const;

const historySlot = (patientId: string) => ({ table: MEDICAL_HISTORY_COLUMN.table, column: MEDICAL_HISTORY_COLUMN.column, rowId: patientId });

/**
 * Owns patient profiles and medical histories. Who may read a record: the patient; a doctor in a care
 * relationship with them; an admin only through a break-glass read that states its reason. Everyone else gets 404,
 * and every read and write is in the audit log.
 */
@Injectable()
export class PatientsService {
  constructor(
    private readonly em: EntityManager,
    private readonly repository: PatientsRepository,
    private readonly users: UsersService,
    private readonly cipher: RecordCipher,
    private readonly audit: AuditService,
    private readonly clinic: ClinicService,
  ) {}

  /** A patient's profile, or null for accounts without one. */
  profileOf(userId: string): Promise<PatientProfile | null> {
    return this.em.findOne(PatientProfile, { user: userId });
  }

  /**
   * Refuses (400 on `dateOfBirth`) a date of birth in the future or implausibly long ago, judged on the clinic's
   * today as the import judges its rows: such a date would give a booking an age the database refuses.
   */
  async checkDateOfBirth(dateOfBirth: string | null | undefined): Promise<void> {
    if (!dateOfBirth) return;
    const problem = birthDateProblem(dateOfBirth, await this.clinic.today());
    if (problem) throw fieldException(HttpStatus.BAD_REQUEST, 'dateOfBirth', problem, 'Validation failed');
  }

  /** Stages the profile of a new patient account (its date of birth checked by checkDateOfBirth); the caller flushes. */
  createProfile(user: User, details: { dateOfBirth?: string; gender?: Gender }): PatientProfile {
    return this.em.create(PatientProfile, {
      user,
      dateOfBirth: details.dateOfBirth ?? null,
      gender: details.gender ?? null,
    });
  }

  /** The profiles of many new patient accounts, in one statement of the caller's transaction. */
  createProfiles(rows: readonly NewProfileRow[]): Promise<void> {
    return this.repository.insertProfiles(rows);
  }

  /** See PatientsRepository.hasCareRelationship: the single rule of who is whose patient. */
  hasCareRelationship(doctorId: string, patientId: string): Promise<boolean> {
    return this.repository.hasCareRelationship(doctorId, patientId);
  }

  /**
   * May this caller read this patient's record? Throws 404 (never 403: whose records exist is private) or, for an
   * admin without a reason (or one too short to mean anything), 400. Answers the audit action the read is recorded as.
   */
  async checkRecordAccess(context: AccessContext, patientId: string): Promise<string> {
    const { actor } = context;
    if (actor.role === 'patient' && actor.id === patientId) return RECORD_ACTIONS.read;
    if (actor.role === 'doctor' && actor.status === 'active' && (await this.repository.hasCareRelationship(actor.id, patientId))) {
      return RECORD_ACTIONS.read;
    }
    if (actor.role === 'admin') {
      const reason = context.reason?.trim() ?? '';
      if (!reason) {
        throw fieldException(HttpStatus.BAD_REQUEST, 'reason', 'is required: an admin reads a medical record only with a stated reason (break-glass)');
      }
      if (reason.length < BREAK_GLASS_REASON_MIN_LENGTH) {
        throw fieldException(HttpStatus.BAD_REQUEST, 'reason', `must be at least ${BREAK_GLASS_REASON_MIN_LENGTH} characters: say why you need this record`);
      }
      return RECORD_ACTIONS.breakGlassRead;
    }
    throw new NotFoundException('No such patient');
  }

  /** The whole record, audited as read by this caller (404 for anyone without access). */
  async readRecord(context: AccessContext, patientId: string): Promise<PatientRecordDto> {
    const action = await this.checkRecordAccess(context, patientId);
    const record = await this.load(patientId);
    if (!record) throw new NotFoundException('No such patient');
    await this.audit.recordAccess(context, { action, subjectId: patientId, targetType: 'patient_record', targetId: patientId });
    return record;
  }

  /** The whole record without access check or audit: for callers that have checked and audit themselves (the export). */
  readRecordUnaudited(patientId: string): Promise<PatientRecordDto | null> {
    return this.load(patientId);
  }

  /** The medical history alone, decrypted (for the FHIR export and the chart); null for no such patient. */
  async historyOf(patientId: string): Promise<MedicalHistory> {
    const profile = await this.profileOf(patientId);
    return this.decryptHistory(profile);
  }

  /** The patient's own edits: contact details through UsersService, the rest here; the history re-encrypted only if it changed. */
  async updateMine(context: AccessContext, input: UpdatePatientRecordRequest): Promise<PatientRecordDto> {
    const patientId = context.actor.id;
    const user = await this.users.findById(patientId);
    if (!user || user.role !== 'patient') throw new NotFoundException('No such patient');
    await this.checkDateOfBirth(input.dateOfBirth);
    await this.em.transactional(async () => {
      if (input.fullName !== undefined || input.phone !== undefined) {
        this.users.updateContact(user, { fullName: input.fullName, phone: input.phone === undefined ? undefined : input.phone || null });
      }
      const profile = (await this.profileOf(patientId)) ?? this.createProfile(user, {});
      if (input.dateOfBirth !== undefined) profile.dateOfBirth = input.dateOfBirth;
      if (input.gender !== undefined) profile.gender = input.gender;
      if (input.address !== undefined) profile.address = input.address || null;
      if (input.emergencyContact !== undefined) {
        profile.emergencyContact = input.emergencyContact
          ? { name: input.emergencyContact.name, phone: input.emergencyContact.phone, relationship: input.emergencyContact.relationship || null }
          : null;
      }
      const changes = input.medicalHistory;
      if (changes) {
        const before = this.decryptHistory(profile);
        const after: MedicalHistory = {
          conditions: changes.conditions === undefined ? before.conditions : changes.conditions,
          allergies: changes.allergies === undefined ? before.allergies : changes.allergies,
          medications: changes.medications === undefined ? before.medications : changes.medications,
          notes: changes.notes === undefined ? before.notes : changes.notes || null,
        };
        // Compare plaintexts: a fresh encryption always differs, so re-encrypting an unchanged history would
        // rewrite the row for nothing.
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          profile.medicalHistory = this.cipher.encryptJson(after, historySlot(patientId));
        }
      }
      await this.em.flush();
      await this.audit.recordAccess(context, {
        action: RECORD_ACTIONS.update,
        subjectId: patientId,
        targetType: 'patient_record',
        targetId: patientId,
      });
    });
    this.em.clear();
    const record = await this.load(patientId);
    if (!record) throw new NotFoundException('No such patient');
    return record;
  }

  /** A doctor's own patients. */
  async listForDoctor(doctor: AuthUser, query: ListPatientsQuery): Promise<PatientPage> {
    const words = (query.q ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 8)
      .map((word) => `%${escapeLike(word)}%`);
    const rows = await this.repository.listForDoctor(doctor.id, { words, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
    return {
      items: rows.map((row) => ({
        id: row.id,
        fullName: row.full_name,
        email: row.email,
        phone: row.phone,
        dateOfBirth: row.date_of_birth,
        gender: row.gender,
      })),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
    };
  }

  /** Who else read or changed my record: the audit log's entries about me, without my own. */
  async accessLog(patient: AuthUser, query: AccessLogQuery): Promise<AccessLogPage> {
    const { rows, total } = await this.audit.list({
      subjectId: patient.id,
      othersOnly: true,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return {
      items: rows.map((row) => ({
        at: new Date(row.created_at).toISOString(),
        actor: { id: row.actor_id ?? '', fullName: row.actor_name ?? 'A former user', role: row.actor_role ?? 'unknown' },
        action: row.action,
        reason: row.reason,
      })),
      total,
    };
  }

  /** Audits a read of part of a record done elsewhere (visit notes, the export). */
  recordAccess(context: AccessContext, action: string, patientId: string, target: { type: string; id?: string | null }): Promise<void> {
    return this.audit.recordAccess(context, { action, subjectId: patientId, targetType: target.type, targetId: target.id ?? null });
  }

  private decryptHistory(profile: PatientProfile | null): MedicalHistory {
    if (!profile?.medicalHistory) return { ...EMPTY_HISTORY };
    const stored = this.cipher.decryptJson<Partial<MedicalHistory>>(profile.medicalHistory, historySlot(profile.user.id));
    return { ...EMPTY_HISTORY, ...stored };
  }

  private async load(patientId: string): Promise<PatientRecordDto | null> {
    const user = await this.users.findById(patientId);
    if (!user || user.role !== 'patient') return null;
    const profile = await this.profileOf(patientId);
    return {
      id: user.id,
      fullName: user.fullName,
      email: user.email,
      phone: user.phone ?? null,
      dateOfBirth: profile?.dateOfBirth ?? null,
      gender: profile?.gender ?? null,
      address: profile?.address ?? null,
      emergencyContact: profile?.emergencyContact ?? null,
      medicalHistory: this.decryptHistory(profile),
    };
  }
}
