import { Injectable } from '@nestjs/common';
import type { AppointmentEvent, AppointmentStatus } from '@carebook/shared';
import { Realtime } from '../realtime/realtime.service';

/** What the doctor's, the patient's and admins' browsers are told when an appointment changes; they fetch the details themselves. */
interface AppointmentUpdatedEvent {
  id: string;
  event: AppointmentEvent;
  status: AppointmentStatus;
  doctorId: string;
  patientId: string;
  startsAt: string;
  endsAt: string;
}

/**
 * Tells everyone concerned that an appointment changed; callers call it once the change has committed. Its
 * doctor and patient (each of their connections) and admins get `appointment:updated`; when the change took or
 * freed a slot, the doctor and everyone watching the doctor's free times get `slots:changed`.
 */
@Injectable()
export class AppointmentNotifier {
  constructor(private readonly realtime: Realtime) {}

  changed(
    appointment: { id: string; status: AppointmentStatus; doctorId: string; patientId: string; startsAt: string; endsAt: string },
    event: AppointmentEvent,
    slotsChanged: boolean,
  ): void {
    const payload: AppointmentUpdatedEvent = {
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
