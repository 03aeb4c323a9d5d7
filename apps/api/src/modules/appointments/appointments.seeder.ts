import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { AppointmentEvent, AppointmentStatus, Role } from '@carebook/shared';
import { Appointment, AppointmentHistory } from './appointment.entity';
import type { BookingInput } from './appointments.repository';

/** A demo appointment and the history that led to its status. */
export interface SeededAppointment extends Pick<BookingInput, 'doctorId' | 'patientId' | 'startsAt' | 'endsAt' | 'status' | 'reason' | 'details'> {
  statusReason: string | null;
  bookedAt: Date;
  history: {
    event: AppointmentEvent;
    fromStatus: AppointmentStatus | null;
    toStatus: AppointmentStatus;
    actorId: string;
    actorRole: Role;
    reason: string | null;
    at: Date;
  }[];
}

/** Writes the start-up demo data's appointments as given: no slot or lifecycle checks, so never for real bookings. */
@Injectable()
export class AppointmentsSeeder {
  constructor(private readonly em: EntityManager) {}

  /** Adds one appointment and its history (one at a time, so the next demo's free slots see it taken). */
  async add(demo: SeededAppointment): Promise<void> {
    const id = randomUUID();
    await this.em.insert(Appointment, {
      id,
      doctorId: demo.doctorId,
      patientId: demo.patientId,
      startsAt: demo.startsAt,
      endsAt: demo.endsAt,
      status: demo.status,
      reason: demo.reason,
      statusReason: demo.statusReason,
      patientFullName: demo.details.fullName,
      patientAge: demo.details.age,
      patientGender: demo.details.gender,
      patientPhone: demo.details.phone,
      patientEmail: demo.details.email,
      sequence: 0,
      createdAt: demo.bookedAt,
      updatedAt: demo.bookedAt,
    });
    // In order, so the history reads oldest first.
    await this.em.insertMany(
      AppointmentHistory,
      demo.history.map((entry) => ({
        appointmentId: id,
        event: entry.event,
        fromStatus: entry.fromStatus,
        toStatus: entry.toStatus,
        actorId: entry.actorId,
        actorRole: entry.actorRole,
        reason: entry.reason,
        startsAt: demo.startsAt,
        previousStartsAt: null,
        createdAt: entry.at,
      })),
    );
  }
}
