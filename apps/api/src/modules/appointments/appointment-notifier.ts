import { Injectable } from '@nestjs/common';
import type { AppointmentEvent, AppointmentStatus } from '@carebook/shared';
import { Realtime } from '../realtime/realtime.service';

/** What participants' browsers are told when an appointment changes; they fetch the details themselves. */
export interface AppointmentUpdatedEvent {
  id: string;
  event: AppointmentEvent;
  status: AppointmentStatus;
  doctorId: string;
  patientId: string;
  startsAt: string;
  endsAt: string;
}

/**
 * Tells everyone concerned that an appointment changed, after the change has committed: its doctor and
 * patient (every device) and admins get `appointment:updated`; when the change took or freed a slot,
 * everyone watching the doctor's free times gets `slots:changed`.
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
