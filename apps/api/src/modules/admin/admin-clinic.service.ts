import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth-user';
import { AppointmentsService } from '../appointments/appointments.service';
import { ClinicService } from '../clinic/clinic.service';
import type { ClinicSettingsDto, ClinicSettingsInput } from '../clinic/dto/clinic.dto';

/** Clinic settings changes that reach beyond the clinic module. */
@Injectable()
export class AdminClinicService {
  constructor(
    private readonly clinic: ClinicService,
    private readonly appointments: AppointmentsService,
  ) {}

  /** Saves the settings; new reminder times apply to every confirmed appointment still to come, not only to later ones. */
  async update(admin: AuthUser, input: ClinicSettingsInput): Promise<ClinicSettingsDto> {
    const before = (await this.clinic.getSettings()).reminderOffsetsMinutes;
    const after = await this.clinic.updateSettings(admin, input);
    if (before.join() !== after.reminderOffsetsMinutes.join()) await this.appointments.syncAllReminders();
    return after;
  }
}
