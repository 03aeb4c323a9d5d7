import type { AppointmentStatus, Gender } from '@carebook/shared';
import type { MedicalHistory } from '../patients/medical-history';

/** What the export is made of: the record, the patient's appointments and the visit notes on them. */
export interface ExportInput {
  patient: {
    id: string;
    fullName: string;
    email: string;
    phone: string | null;
    dateOfBirth: string | null;
    gender: Gender | null;
    address: string | null;
    emergencyContact: { name: string; phone: string; relationship?: string | null } | null;
  };
  history: MedicalHistory;
  appointments: {
    id: string;
    status: AppointmentStatus;
    startsAt: string;
    endsAt: string;
    reason: string;
    doctor: { id: string; fullName: string; specialty: string };
  }[];
  notes: {
    id: string;
    appointmentId: string;
    author: { id: string; fullName: string };
    body: string;
    diagnosis: string | null;
    prescriptions: { name: string; dose: string; instructions: string }[];
    followUp: string | null;
    createdAt: string;
    amends: string | null;
    amendedBy: string | null;
  }[];
  generatedAt: Date;
  /** Turns a local id into the bundle's id of that resource (a UUID for each). */
  newId: () => string;
}

type Json = Record<string, unknown>;

const FHIR_GENDER: Record<Gender, string> = { female: 'female', male: 'male', other: 'other', unspecified: 'unknown' };
const FHIR_APPOINTMENT_STATUS: Record<AppointmentStatus, string> = {
  pending: 'pending',
  confirmed: 'booked',
  declined: 'cancelled',
  cancelled: 'cancelled',
  completed: 'fulfilled',
  no_show: 'noshow',
};
/** IPS's codes for a section with nothing in it: never recorded, or confirmed empty ("none known"). */
const ABSENT = 'http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips';
const absent = (code: string, display: string) => ({ coding: [{ system: ABSENT, code, display }], text: display });
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const ALLERGY_CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';

const urn = (id: string) => `urn:uuid:${id}`;
const text = (value: string) => ({ text: value });
const note = (value: string | null | undefined) => (value ? { note: [{ text: value }] } : {});

/**
 * The whole record as a FHIR R4 `collection` Bundle: Patient, Condition, AllergyIntolerance, MedicationStatement
 * (IPS "absent or unknown" codes where a list is not recorded or none known), Appointment, an Encounter per visit
 * that took place and a DocumentReference per visit note (a corrected note is `superseded`, its correction
 * `replaces` it). References inside the bundle are `urn:uuid:` full URLs.
 */
export function fhirBundle(input: ExportInput): Json {
  const { patient, history } = input;
  const patientRef = { reference: urn(patient.id), display: patient.fullName };
  const resources: Json[] = [];

  resources.push({
    resourceType: 'Patient',
    id: patient.id,
    name: [{ text: patient.fullName }],
    telecom: [
      { system: 'email', value: patient.email },
      ...(patient.phone ? [{ system: 'phone', value: patient.phone }] : []),
    ],
    ...(patient.gender ? { gender: FHIR_GENDER[patient.gender] } : {}),
    ...(patient.dateOfBirth ? { birthDate: patient.dateOfBirth } : {}),
    ...(patient.address ? { address: [{ text: patient.address }] } : {}),
    ...(patient.emergencyContact
      ? {
          contact: [
            {
              relationship: [
                {
                  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C', display: 'Emergency Contact' }],
                  ...(patient.emergencyContact.relationship ? { text: patient.emergencyContact.relationship } : {}),
                },
              ],
              name: { text: patient.emergencyContact.name },
              telecom: [{ system: 'phone', value: patient.emergencyContact.phone }],
            },
          ],
        }
      : {}),
  });

  const conditions = history.conditions;
  if (conditions === null || conditions.length === 0) {
    resources.push({
      resourceType: 'Condition',
      id: input.newId(),
      clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: 'active' }] },
      code: conditions === null ? absent('no-problem-info', 'No information about problems') : absent('no-known-problems', 'No known problems'),
      subject: patientRef,
    });
  } else {
    for (const condition of conditions) {
      resources.push({
        resourceType: 'Condition',
        id: input.newId(),
        clinicalStatus: { coding: [{ system: CONDITION_CLINICAL, code: condition.status }] },
        code: text(condition.name),
        subject: patientRef,
        ...(condition.since ? { onsetDateTime: condition.since } : {}),
        ...note(condition.note),
      });
    }
  }

  const allergies = history.allergies;
  if (allergies === null || allergies.length === 0) {
    resources.push({
      resourceType: 'AllergyIntolerance',
      id: input.newId(),
      clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
      code: allergies === null ? absent('no-allergy-info', 'No information about allergies') : absent('no-known-allergies', 'No known allergies'),
      patient: patientRef,
    });
  } else {
    for (const allergy of allergies) {
      resources.push({
        resourceType: 'AllergyIntolerance',
        id: input.newId(),
        clinicalStatus: { coding: [{ system: ALLERGY_CLINICAL, code: 'active' }] },
        code: text(allergy.substance),
        patient: patientRef,
        ...(allergy.reaction || allergy.severity
          ? {
              reaction: [
                {
                  manifestation: [text(allergy.reaction ?? 'Reaction not recorded')],
                  ...(allergy.severity ? { severity: allergy.severity } : {}),
                },
              ],
            }
          : {}),
      });
    }
  }

  const medications = history.medications;
  if (medications === null || medications.length === 0) {
    resources.push({
      resourceType: 'MedicationStatement',
      id: input.newId(),
      status: 'unknown',
      medicationCodeableConcept:
        medications === null ? absent('no-medication-info', 'No information about medications') : absent('no-known-medications', 'No known medications'),
      subject: patientRef,
    });
  } else {
    for (const medication of medications) {
      resources.push({
        resourceType: 'MedicationStatement',
        id: input.newId(),
        status: 'active',
        medicationCodeableConcept: text(medication.name),
        subject: patientRef,
        ...(medication.since ? { effectiveDateTime: medication.since } : {}),
        ...(medication.dose ? { dosage: [{ text: medication.dose }] } : {}),
      });
    }
  }

  if (history.notes) {
    // Free-text history has no better home in IPS than a note on the patient's summary.
    resources.push({
      resourceType: 'Observation',
      id: input.newId(),
      status: 'final',
      code: text('Medical history notes'),
      subject: patientRef,
      valueString: history.notes,
    });
  }

  const encounterOf = new Map<string, string>();
  for (const appointment of input.appointments) {
    const doctor = { display: `${appointment.doctor.fullName} (${appointment.doctor.specialty})` };
    resources.push({
      resourceType: 'Appointment',
      id: appointment.id,
      status: FHIR_APPOINTMENT_STATUS[appointment.status],
      description: appointment.reason,
      start: appointment.startsAt,
      end: appointment.endsAt,
      participant: [
        { actor: patientRef, status: 'accepted' },
        { actor: doctor, status: appointment.status === 'pending' ? 'needs-action' : 'accepted' },
      ],
    });
    if (appointment.status === 'completed' || input.notes.some((n) => n.appointmentId === appointment.id)) {
      const encounterId = input.newId();
      encounterOf.set(appointment.id, encounterId);
      resources.push({
        resourceType: 'Encounter',
        id: encounterId,
        status: appointment.status === 'completed' ? 'finished' : appointment.status === 'no_show' ? 'cancelled' : 'planned',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
        subject: patientRef,
        participant: [{ individual: doctor }],
        appointment: [{ reference: urn(appointment.id) }],
        period: { start: appointment.startsAt, end: appointment.endsAt },
      });
    }
  }

  for (const visitNote of input.notes) {
    const lines = [
      visitNote.body,
      ...(visitNote.diagnosis ? [`Diagnosis: ${visitNote.diagnosis}`] : []),
      ...visitNote.prescriptions.map((p) => `Prescription: ${p.name}, ${p.dose}. ${p.instructions}`),
      ...(visitNote.followUp ? [`Follow-up: ${visitNote.followUp}`] : []),
    ];
    const encounter = encounterOf.get(visitNote.appointmentId);
    resources.push({
      resourceType: 'DocumentReference',
      id: visitNote.id,
      status: visitNote.amendedBy ? 'superseded' : 'current',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3', display: 'Progress note' }] },
      subject: patientRef,
      date: visitNote.createdAt,
      author: [{ display: visitNote.author.fullName }],
      ...(visitNote.amends ? { relatesTo: [{ code: 'replaces', target: { reference: urn(visitNote.amends) } }] } : {}),
      ...(visitNote.diagnosis ? { description: visitNote.diagnosis } : {}),
      content: [{ attachment: { contentType: 'text/plain; charset=utf-8', data: Buffer.from(lines.join('\n'), 'utf8').toString('base64') } }],
      ...(encounter ? { context: { encounter: [{ reference: urn(encounter) }] } } : {}),
    });
  }

  return {
    resourceType: 'Bundle',
    id: input.newId(),
    type: 'collection',
    timestamp: input.generatedAt.toISOString(),
    entry: resources.map((resource) => ({ fullUrl: urn(resource['id'] as string), resource })),
  };
}
