import { Injectable } from '@nestjs/common';
import type { AppointmentEvent, AppointmentUpdated } from '@carebook/shared';
import { Realtime } from '../realtime/realtime.service';

/**
 * Tells everyone concerned that an appointment changed; callers call it once the change has committed. Its
 * doctor and patient (each of their connections) and admins get `appointment:updated`; when the change took or
 * freed a slot, the doctor and everyone watching the doctor's free times get `slots:changed`.
 */
@Injectable()
export class AppointmentNotifier {
  constructor(private readonly realtime: Realtime) {}

  changed(
    appointment: Omit<AppointmentUpdated, 'event'>,
    event: AppointmentEvent,
    slotsChanged: boolean,
  ): void {
    const payload: AppointmentUpdated = {
      id: appointment.id,
      event,
      status: appointment.status,
      doctorId: appointment.doctorId,
      patientId: appointment.patientId,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
    };
    this.realtime.toUsersAndAdmins([appointment.doctorId, appointment.patientId], 'appointment:updated', payload);
    if (slotsChanged) this.realtime.slotsChanged(appointment.doctorId);
  }
}
