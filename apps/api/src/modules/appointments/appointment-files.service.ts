import { ConflictException, ForbiddenException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { fieldException, ruleException } from '../../common/exceptions';
import { acceptUpload } from '../../common/uploads/accept-upload';
import { KNOWN_TYPES, type UploadedBlob } from '../../common/uploads/content-type';
import { FileStore } from '../../common/uploads/file-store';
import { AppConfig } from '../../config/app-config';
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

/** Files attached to appointments: reports, scans, images. Stored by the FileStore under keys the API chose. */
@Injectable()
export class AppointmentFilesService {
  constructor(
    private readonly repository: AppointmentFilesRepository,
    private readonly appointments: AppointmentsService,
    private readonly store: FileStore,
    private readonly config: AppConfig,
    private readonly clock: Clock,
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
  async requireAttachable(viewer: AuthUser, appointmentId: string): Promise<void> {
    const appointment = await this.appointments.state(appointmentId, viewer);
    if (viewer.role === 'admin') throw new ForbiddenException('Only the appointment’s doctor or patient can attach files');
    if (appointment.status === 'declined' || appointment.status === 'cancelled') {
      throw new ConflictException(`This appointment was ${appointment.status}, so files can no longer be added`);
    }
  }

  /** Adds the files, all or none: each is checked by its content before any is kept. */
  async upload(viewer: AuthUser, appointmentId: string, files: UploadedBlob[] | undefined): Promise<AppointmentFileDto[]> {
    await this.requireAttachable(viewer, appointmentId);
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
      added = await this.repository.addWithin(
        appointmentId,
        viewer.id,
        accepted.map((a) => ({ id: a.id, fileName: a.name, contentType: a.type.type, sizeBytes: a.file.size, storageKey: a.key })),
        this.clock.now(),
        max,
      );
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

  /** A file of an appointment the viewer may see; 404 for anyone else, as if it did not exist. */
  async open(viewer: AuthUser, appointmentId: string, fileId: string): Promise<{ stream: Readable; size: number; type: string; name: string }> {
    await this.appointments.state(appointmentId, viewer);
    const file = await this.repository.find(appointmentId, fileId);
    const stored = file ? await this.store.open(file.storageKey) : null;
    if (!file || !stored) throw new NotFoundException('No such file');
    return { ...stored, type: file.contentType, name: file.fileName };
  }
}
