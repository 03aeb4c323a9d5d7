import { Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../../common/clock';
import type { AccessContext } from '../audit/audit.service';
import { AppointmentsService } from '../appointments/appointments.service';
import { ListAppointmentsQuery } from '../appointments/dto/appointments.dto';
import { VisitNotesService } from '../appointments/visit-notes.service';
import { PatientsService, RECORD_ACTIONS } from '../patients/patients.service';
import { fhirBundle } from './fhir-export';

/** A patient's whole record across modules: their profile and history, appointments and visit notes. */
@Injectable()
export class RecordsService {
  constructor(
    private readonly patients: PatientsService,
    private readonly appointments: AppointmentsService,
    private readonly notes: VisitNotesService,
    private readonly clock: Clock,
  ) {}

  /** The signed-in patient's record as a FHIR R4 Bundle; audited as one export. */
  async exportMine(context: AccessContext): Promise<Record<string, unknown>> {
    const patientId = context.actor.id;
    const record = await this.patients.readRecordUnaudited(patientId);
    if (!record) throw new NotFoundException('No such patient');
    const appointments = [];
    for (let page = 1; ; page++) {
      const result = await this.appointments.list(context.actor, Object.assign(new ListAppointmentsQuery(), { page, pageSize: 500 }));
      appointments.push(...result.items);
      if (result.items.length < 500) break;
    }
    const notes = await this.notes.allOfPatient(patientId);
    await this.patients.recordAccess(context, RECORD_ACTIONS.export, patientId, { type: 'patient_record', id: patientId });
    const { medicalHistory, ...patient } = record;
    return fhirBundle({
      patient,
      history: medicalHistory,
      appointments: appointments.map((a) => ({
        id: a.id,
        status: a.status,
        startsAt: a.startsAt,
        endsAt: a.endsAt,
        reason: a.reason,
        doctor: { id: a.doctor.id, fullName: a.doctor.fullName, specialty: a.doctor.specialty },
      })),
      notes,
      generatedAt: this.clock.now(),
      newId: randomUUID,
    });
  }
}
