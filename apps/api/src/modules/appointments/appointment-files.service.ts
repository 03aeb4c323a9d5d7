import { ConflictException, ForbiddenException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException, ruleException } from '../../common/exceptions';
import { acceptUpload } from '../../common/uploads/accept-upload';
import { KNOWN_TYPES, type UploadedBlob } from '../../common/uploads/content-type';
import { FileStore } from '../../common/uploads/file-store';
import { AppConfig } from '../../config/app-config';
import type { AccessContext } from '../audit/audit.service';
import { PatientsService } from '../patients/patients.service';
import { AppointmentFilesRepository, type FileRow } from './appointment-files.repository';
import { AppointmentsService } from './appointments.service';
import type { AppointmentFileDto } from './dto/appointments.dto';

const toFileDto = (row: FileRow): AppointmentFileDto => ({
  id: row.id,
  fileName: row.file_name,
  contentType: row.content_type,
  size: row.size_bytes,
  uploadedBy: { id: row.uploaded_by, fullName: row.uploader_name, role: row.uploader_role },
  uploadedAt: new Date(row.created_at).toISOString(),
});

export { safeFileName } from '../../common/uploads/accept-upload';

/** What the audit log calls a participant's download or upload of an appointment file (an admin's download is a break-glass read). */
export const APPOINTMENT_FILE_ACTIONS = { read: 'appointment_file.read', write: 'appointment_file.write' } as const;

/**
 * Files attached to appointments: reports, scans, images. Stored by the FileStore under keys the API chose. They
 * are part of the patient's medical record: every download and upload is audited against the patient, and an
 * admin downloads one only through a break-glass read that states its reason.
 */
@Injectable()
export class AppointmentFilesService {
  constructor(
    private readonly repository: AppointmentFilesRepository,
    private readonly appointments: AppointmentsService,
    private readonly store: FileStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly patients: PatientsService,
    private readonly em: EntityManager,
  ) {}

  get acceptedTypes(): string[] {
    return KNOWN_TYPES;
  }

  async list(appointmentId: string): Promise<AppointmentFileDto[]> {
    const rows = await this.repository.list(appointmentId);
    return rows.map(toFileDto);
  }

  /**
   * Refuses anyone who may not attach files to this appointment now: 404 when they can't see it, 403 for
   * admins, 409 once it was declined or cancelled. Called before the upload's body is read, and again with it.
   */
  async requireAttachable(viewer: AuthUser, appointmentId: string): Promise<{ patientId: string }> {
    const appointment = await this.appointments.state(appointmentId, viewer);
    if (viewer.role === 'admin') throw new ForbiddenException('Only the appointment’s doctor or patient can attach files');
    if (appointment.status === 'declined' || appointment.status === 'cancelled') {
      throw new ConflictException(`This appointment was ${appointment.status}, so files can no longer be added`);
    }
    return { patientId: appointment.patient_id };
  }

  /** Adds the files, all or none: each is checked by its content before any is kept. Each file added is audited, in the same transaction. */
  async upload(context: AccessContext, appointmentId: string, files: UploadedBlob[] | undefined): Promise<AppointmentFileDto[]> {
    const viewer = context.actor;
    const { patientId } = await this.requireAttachable(viewer, appointmentId);
    if (!files || files.length === 0) throw fieldException(HttpStatus.BAD_REQUEST, 'files', 'must hold at least one file');
    const accepted = files.map((file) => {
      const type = acceptUpload(file, 'files');
      const id = randomUUID();
      return { id, file, type, name: type.name, key: `appointments/${appointmentId}/${id}.${type.extension}` };
    });
    await Promise.all(accepted.map((item) => this.store.save(item.key, item.file.buffer)));
    const max = this.config.uploadMaxFiles;
    let added: boolean;
    try {
      added = await this.em.transactional(async () => {
        const stored = await this.repository.addWithin(
          appointmentId,
          viewer.id,
          accepted.map((a) => ({ id: a.id, fileName: a.name, contentType: a.type.type, sizeBytes: a.file.size, storageKey: a.key })),
          this.clock.now(),
          max,
        );
        if (stored) {
          for (const item of accepted) {
            await this.patients.recordAccess(context, APPOINTMENT_FILE_ACTIONS.write, patientId, { type: 'appointment_file', id: item.id });
          }
        }
        return stored;
      });
    } catch (error) {
      await Promise.all(accepted.map((item) => this.store.remove(item.key)));
      throw error;
    }
    if (!added) {
      await Promise.all(accepted.map((item) => this.store.remove(item.key)));
      throw ruleException([{ field: 'files', message: `an appointment holds at most ${max} files` }]);
    }
    const ids = new Set<string>(accepted.map((a) => a.id));
    return (await this.list(appointmentId)).filter((file) => ids.has(file.id));
  }

  /**
   * A file of an appointment the viewer may see; 404 for anyone else, as if it did not exist. Its patient and doctor
   * download it as an audited read; an admin only with a stated reason (break-glass: 400 without one), audited so.
   */
  async open(context: AccessContext, appointmentId: string, fileId: string): Promise<{ stream: Readable; size: number; type: string; name: string }> {
    const appointment = await this.appointments.state(appointmentId, context.actor);
    // Past appointments.state (participants and admins), an admin still needs a stated reason.
    const action =
      context.actor.role === 'admin' ? await this.patients.checkRecordAccess(context, appointment.patient_id) : APPOINTMENT_FILE_ACTIONS.read;
    const file = await this.repository.find(appointmentId, fileId);
    if (!file) throw new NotFoundException('No such file');
    // Audited before a byte is read: no entry, no file.
    await this.patients.recordAccess(context, action, appointment.patient_id, { type: 'appointment_file', id: file.id });
    const stored = await this.store.open(file.storageKey);
    if (!stored) throw new NotFoundException('No such file');
    return { ...stored, type: file.contentType, name: file.fileName };
  }
}
