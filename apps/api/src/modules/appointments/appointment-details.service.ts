import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth-user';
import { Clock } from '../../common/clock';
import { AppConfig } from '../../config/app-config';
import { ClinicService } from '../clinic/clinic.service';
import { appointmentCalendar, appointmentSummary, type DocumentContext } from './appointment-documents';
import { AppointmentFilesService } from './appointment-files.service';
import { AppointmentsRepository, type HistoryRow } from './appointments.repository';
import { AppointmentsService } from './appointments.service';
import type { AppointmentDetailDto, AppointmentHistoryEntryDto } from './dto/appointments.dto';

const toHistoryDto = (row: HistoryRow): AppointmentHistoryEntryDto => ({
  id: Number(row.id),
  event: row.event,
  fromStatus: row.from_status,
  toStatus: row.to_status,
  actor: row.actor_id && row.actor_role ? { id: row.actor_id, fullName: row.actor_name ?? '', role: row.actor_role } : null,
  reason: row.reason,
  startsAt: new Date(row.starts_at).toISOString(),
  previousStartsAt: row.previous_starts_at ? new Date(row.previous_starts_at).toISOString() : null,
  at: new Date(row.created_at).toISOString(),
});

/** An appointment's page: the appointment, its files and its history, and the documents made from them. */
@Injectable()
export class AppointmentDetailsService {
  constructor(
    private readonly repository: AppointmentsRepository,
    private readonly appointments: AppointmentsService,
    private readonly files: AppointmentFilesService,
    private readonly clinic: ClinicService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async detail(id: string, viewer: AuthUser): Promise<AppointmentDetailDto> {
    const appointment = await this.appointments.one(id, viewer);
    const [files, history] = await Promise.all([this.files.list(id), this.repository.history(id)]);
    return {
      ...appointment,
      files,
      history: history.map(toHistoryDto),
      maxFileBytes: this.config.uploadMaxBytes,
      acceptedFileTypes: this.files.acceptedTypes,
    };
  }

  async summary(id: string, viewer: AuthUser): Promise<{ text: string; fileName: string }> {
    const [appointment, context] = await Promise.all([this.detail(id, viewer), this.documentContext()]);
    return { text: appointmentSummary(appointment, context), fileName: `appointment-${appointment.startsAt.slice(0, 10)}.txt` };
  }

  async calendar(id: string, viewer: AuthUser): Promise<{ text: string; fileName: string }> {
    const [appointment, context] = await Promise.all([this.detail(id, viewer), this.documentContext()]);
    return { text: appointmentCalendar(appointment, context), fileName: `appointment-${appointment.startsAt.slice(0, 10)}.ics` };
  }

  private async documentContext(): Promise<DocumentContext> {
    const [identity, rules] = await Promise.all([this.clinic.identity(), this.clinic.rules()]);
    return {
      clinicName: identity.clinicName,
      format: identity.format,
      publicUrl: this.config.publicUrl.replace(/\/$/, ''),
      cancellationWindowHours: rules.cancellationWindowHours,
      now: this.clock.now(),
    };
  }
}
