import { Injectable } from '@nestjs/common';
import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@carebook/shared';
import { AppointmentFile } from './appointment.entity';

export interface FileRow {
  id: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  created_at: Date;
  uploaded_by: string;
  uploader_name: string;
  uploader_role: Role;
}

interface NewFile {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  storageKey: string;
}

/** A PostgreSQL array literal for unnest; elements are quoted and escaped. */
function pgArray(values: readonly unknown[]): string {
  const element = (value: unknown) => {
    const text = value instanceof Date ? value.toISOString() : String(value);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  };
  return `{${values.map(element).join(',')}}`;
}

/** The appointment_files table. */
@Injectable()
export class AppointmentFilesRepository {
  constructor(private readonly em: EntityManager) {}

  /** An appointment's files in the order they were added, with each uploader's account name and role. */
  list(appointmentId: string): Promise<FileRow[]> {
    return this.em.getConnection().execute<FileRow[]>(
      raw<RawQueryFragment>(
        `select f.id, f.file_name, f.content_type, f.size_bytes, f.created_at, f.uploaded_by, u.full_name as uploader_name, u.role as uploader_role
         from appointment_files f join user_accounts u on u.id = f.uploaded_by
         where f.appointment_id = :appointmentId order by f.created_at, f.id`,
        { appointmentId },
      ),
    );
  }

  /**
   * Adds files in one transaction unless the appointment would then hold more than `max` (answers false, adding
   * nothing). The appointment's row is locked first, so concurrent uploads to one appointment count one after
   * another and the cap holds; the count and insert run after the lock, on a snapshot that sees the uploads
   * committed meanwhile. Each file is a microsecond after the one before, so files sent together list in the
   * order sent.
   */
  addWithin(appointmentId: string, uploadedBy: string, files: readonly NewFile[], now: Date, max: number): Promise<boolean> {
    return this.em.transactional(async (em) => {
      const connection = em.getConnection();
      const context: unknown = em.getTransactionContext();
      await connection.execute(
        raw<RawQueryFragment>('select 1 from appointments where id = :appointmentId for update', { appointmentId }),
        [],
        'all',
        context,
      );
      const added = await connection.execute<{ id: string }[]>(
        raw<RawQueryFragment>(
          `insert into appointment_files (id, appointment_id, uploaded_by, file_name, content_type, size_bytes, storage_key, created_at)
           select id, :appointmentId::uuid, :uploadedBy::uuid, file_name, content_type, size_bytes, storage_key,
             :now::timestamptz + (n - 1) * interval '1 microsecond'
           from unnest(:ids::uuid[], :names::text[], :types::text[], :sizes::int[], :keys::text[])
             with ordinality as f (id, file_name, content_type, size_bytes, storage_key, n)
           where (select count(*) from appointment_files where appointment_id = :appointmentId::uuid) + :count <= :max
           returning id`,
          {
            appointmentId,
            uploadedBy,
            now,
            count: files.length,
            max,
            ids: pgArray(files.map((f) => f.id)),
            names: pgArray(files.map((f) => f.fileName)),
            types: pgArray(files.map((f) => f.contentType)),
            sizes: pgArray(files.map((f) => f.sizeBytes)),
            keys: pgArray(files.map((f) => f.storageKey)),
          },
        ),
        [],
        'all',
        context,
      );
      return added.length > 0;
    });
  }

  /** A file of this appointment, or null. */
  find(appointmentId: string, fileId: string): Promise<AppointmentFile | null> {
    return this.em.findOne(AppointmentFile, { id: fileId, appointmentId });
  }
}
