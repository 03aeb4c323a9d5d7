import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Response } from 'supertest';
import { buildOpenApiDocument } from '../../src/app.setup';
import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/test-app';
import { approvedDoctor, registerDoctor, registerPatient, signIn, signInAdmin, uniqueEmail, type Session } from '../support/accounts';
import { bookableDoctor, book, FILES, WEEKDAY_MORNINGS } from './appointment-fixtures';
import { insertAppointment, isoDate, mondayAhead, slotsOf, TINY_PNG, type Slot } from './scheduling-fixtures';

/**
 * Who may call what: every operation of the running app's OpenAPI document against every kind of caller,
 * on objects that belong to patient A and doctor A. An operation missing from ACCESS (or listed there but
 * gone from the document) fails the test, so every new route has to say who may call it.
 *
 * A cell is the exact status expected, or 'ok': access granted, i.e. anything but 401/403/404 (a 409 or
 * 422 from the clinic's rules still proves the caller got past every access check). Refusals run before
 * the granted cells of the same row, so a state change by a granted caller cannot mask a refusal.
 */
const ZONE = 'Europe/London';
jest.setTimeout(180_000);

const ACTORS = ['anon', 'patientA', 'patientB', 'doctorA', 'doctorB', 'pending', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
type Cell = number | 'ok';
type Row = Record<Actor, Cell>;

// prettier-ignore
const ACCESS: Record<string, Row> = {
  // auth
  register:                    { anon: 201, patientA: 201, patientB: 201, doctorA: 201, doctorB: 201, pending: 201, admin: 201 },
  login:                       { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  refreshTokens:               { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  logout:                      { anon: 401, patientA: 204, patientB: 204, doctorA: 204, doctorB: 204, pending: 204, admin: 204 },
  getMe:                       { anon: 401, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  updateMe:                    { anon: 401, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  changePassword:              { anon: 401, patientA: 400, patientB: 400, doctorA: 400, doctorB: 400, pending: 400, admin: 400 },
  // API.md: forgot "→ 202 always (no account enumeration)"; reset is for anyone holding a link (a bad token: 400)
  forgotPassword:              { anon: 202, patientA: 202, patientB: 202, doctorA: 202, doctorB: 202, pending: 202, admin: 202 },
  resetPassword:               { anon: 400, patientA: 400, patientB: 400, doctorA: 400, doctorB: 400, pending: 400, admin: 400 },
  // the bell and notification preferences: everyone signed in, each their own (a notification of doctor A)
  listNotifications:           { anon: 401, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  readNotification:            { anon: 401, patientA: 404, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 404 },
  readAllNotifications:        { anon: 401, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  getNotificationPreferences:  { anon: 401, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  putNotificationPreferences:  { anon: 401, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  // public reference data and operations
  getClinicInfo:               { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  listSpecialties:             { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  getHealth:                   { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  // API.md: "GET /api/metrics (Prometheus text format, for METRICS_TOKEN or an admin)".
  getMetrics:                  { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  // doctor directory (public) and the signed-in doctor's own things (doctors only, pending ones included)
  listDoctors:                 { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  listDoctorLocations:         { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  // the most visited doctors: for patients' start page (and admins), not for doctors or visitors
  listTopDoctors:              { anon: 401, patientA: 200, patientB: 200, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  getDoctor:                   { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  getDoctorPhoto:              { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  getDoctorSlots:              { anon: 200, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  getMyDoctorProfile:          { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  updateMyDoctorProfile:       { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  uploadMyDoctorPhoto:         { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  // after the uploads above: every doctor, pending or not, reads their own photo
  getMyDoctorPhoto:            { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  deleteMyDoctorPhoto:         { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  getMyAvailability:           { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  updateMyAvailability:        { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  getMySlots:                  { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  listMyTimeOff:               { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  createTimeOff:               { anon: 401, patientA: 403, patientB: 403, doctorA: 201, doctorB: 201, pending: 201, admin: 403 },
  deleteTimeOff:               { anon: 401, patientA: 403, patientB: 403, doctorA: 204, doctorB: 404, pending: 404, admin: 403 },
  // appointments: an appointment of patient A with doctor A (each state-changing row gets its own)
  bookAppointment:             { anon: 401, patientA: 201, patientB: 201, doctorA: 403, doctorB: 403, pending: 403, admin: 403 },
  listAppointments:            { anon: 401, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  getAppointment:              { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 200 },
  approveAppointment:          { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 404, pending: 404, admin: 409 },
  declineAppointment:          { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 404, pending: 404, admin: 409 },
  cancelAppointment:           { anon: 401, patientA: 200, patientB: 404, doctorA: 409, doctorB: 404, pending: 404, admin: 409 },
  rescheduleAppointment:       { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 200 },
  completeAppointment:         { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 404, pending: 404, admin: 409 },
  markAppointmentNoShow:       { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 404, pending: 404, admin: 409 },
  uploadAppointmentFiles:      { anon: 401, patientA: 201, patientB: 404, doctorA: 201, doctorB: 404, pending: 404, admin: 403 },
  downloadAppointmentFile:     { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 200 },
  downloadAppointmentSummary:  { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 200 },
  downloadAppointmentCalendar: { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 200 },
  // messaging: the conversation of patient A and doctor A (they have appointments); admins never read it.
  // Patient B booked doctor A above (bookAppointment), so may open a conversation of their own with them.
  listConversations:           { anon: 401, patientA: 200, patientB: 200, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  openConversation:            { anon: 401, patientA: 200, patientB: 201, doctorA: 200, doctorB: 403, pending: 403, admin: 403 },
  getConversation:             { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 404 },
  listMessages:                { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 404 },
  sendMessage:                 { anon: 401, patientA: 201, patientB: 404, doctorA: 201, doctorB: 404, pending: 404, admin: 404 },
  sendAttachment:              { anon: 401, patientA: 201, patientB: 404, doctorA: 201, doctorB: 404, pending: 404, admin: 404 },
  downloadAttachment:          { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 404 },
  readConversation:            { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 404 },
  // instant consultations: patient A's is assigned to doctor A ('ok': 409 once it was left, or 204 when none is open)
  requestConsultation:         { anon: 401, patientA: 'ok', patientB: 201, doctorA: 403, doctorB: 403, pending: 403, admin: 403 },
  getCurrentConsultation:      { anon: 401, patientA: 'ok', patientB: 'ok', doctorA: 'ok', doctorB: 'ok', pending: 204, admin: 403 },
  getConsultationAvailability: { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  setConsultationAvailability: { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  getConsultationQueue:        { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 200 },
  leaveConsultation:           { anon: 401, patientA: 200, patientB: 404, doctorA: 403, doctorB: 403, pending: 403, admin: 403 },
  endConsultation:             { anon: 401, patientA: 403, patientB: 403, doctorA: 'ok', doctorB: 404, pending: 404, admin: 403 },
  // patient records: patient A's (doctor A has appointments with them; admins read only with a reason, given here)
  getMyPatientRecord:          { anon: 401, patientA: 200, patientB: 200, doctorA: 403, doctorB: 403, pending: 403, admin: 403 },
  updateMyPatientRecord:       { anon: 401, patientA: 200, patientB: 200, doctorA: 403, doctorB: 403, pending: 403, admin: 403 },
  exportMyRecord:              { anon: 401, patientA: 200, patientB: 200, doctorA: 403, doctorB: 403, pending: 403, admin: 403 },
  getMyAccessLog:              { anon: 401, patientA: 200, patientB: 200, doctorA: 403, doctorB: 403, pending: 403, admin: 403 },
  listMyPatients:              { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 200, pending: 200, admin: 403 },
  getPatientRecord:            { anon: 401, patientA: 403, patientB: 403, doctorA: 200, doctorB: 404, pending: 404, admin: 200 },
  listVisitNotes:              { anon: 401, patientA: 200, patientB: 404, doctorA: 200, doctorB: 404, pending: 404, admin: 200 },
  createVisitNote:             { anon: 401, patientA: 403, patientB: 403, doctorA: 201, doctorB: 404, pending: 404, admin: 403 },
  // administration (each destructive row acts on a victim of its own, never on an actor)
  listUsers:                   { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  approveDoctor:               { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  rejectDoctor:                { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  suspendUser:                 { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  reactivateUser:              { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  getClinicSettings:           { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  getAdminStats:               { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  getSystemHealth:             { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  updateClinicSettings:        { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  getClinicSettingsHistory:    { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  listHolidays:                { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  createHoliday:               { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 201 },
  deleteHoliday:               { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 204 },
  importPatients:              { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 202 },
  listImports:                 { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  getImport:                   { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  listDeliveries:              { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  getDelivery:                 { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  listAuditLog:                { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
  downloadAuditLog:            { anon: 401, patientA: 403, patientB: 403, doctorA: 403, doctorB: 403, pending: 403, admin: 200 },
};

interface Fixtures {
  sessions: Record<Exclude<Actor, 'anon'>, Session>;
  doctorA: Session;
  patientA: Session;
  /** Doctor A's free slots not used by any fixture, handed out one at a time. */
  freeSlots: Slot[];
  appointment: string;
  fileId: string;
  perRow: Record<string, string>;
  timeOff: string;
  holiday: string;
  photoDoctor: string;
  victims: { approve: string; reject: string; suspend: string; reactivate: string };
  settings: Record<string, unknown>;
  refreshToken: string;
  patientImport: string;
  /** One of doctor A's notifications, and one delivery of the development mailbox. */
  notification: string;
  delivery: string;
  conversation: string;
  attachmentMessage: string;
  consultation: string;
}

interface Input {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  attach?: { field: string; content: Buffer; name: string };
}

const reason = 'Access matrix check-up';
/** A valid request of each operation for this actor, so what answers is access control, not validation. */
const INPUTS: Record<string, (fx: Fixtures, actor: Actor) => Input> = {
  register: () => ({ body: { email: uniqueEmail('matrix'), password: STRONG_PASSWORD, fullName: 'Matrix Newcomer', role: 'patient' } }),
  login: (fx) => ({ body: { email: fx.patientA.email, password: STRONG_PASSWORD } }),
  refreshTokens: (fx) => ({ body: { refreshToken: fx.refreshToken } }),
  logout: () => ({ body: { refreshToken: 'not-a-refresh-token-of-anyone' } }),
  updateMe: () => ({ body: { phone: '+44 20 7946 0018' } }),
  changePassword: () => ({ body: { currentPassword: 'Not-The-Current-Password-9', newPassword: 'Quartz-Harbor-Lantern-77' } }),
  forgotPassword: () => ({ body: { email: 'nobody.in.the.matrix@example.test' } }),
  resetPassword: () => ({ body: { token: 'not-a-token-anyone-was-sent', password: STRONG_PASSWORD } }),
  readNotification: (fx) => ({ params: { id: fx.notification } }),
  readAllNotifications: () => ({ body: {} }),
  putNotificationPreferences: () => ({
    body: { email: { appointments: true, reminders: true, messages: false }, sms: { appointments: false, reminders: true } },
  }),
  getDelivery: (fx) => ({ params: { id: fx.delivery } }),
  getDoctor: (fx) => ({ params: { id: fx.doctorA.id } }),
  getDoctorPhoto: (fx) => ({ params: { id: fx.photoDoctor } }),
  getDoctorSlots: (fx) => ({ params: { id: fx.doctorA.id } }),
  updateMyDoctorProfile: () => ({ body: { bio: 'Checked by the access matrix.' } }),
  uploadMyDoctorPhoto: () => ({ attach: { field: 'photo', content: TINY_PNG, name: 'me.png' } }),
  updateMyAvailability: () => ({ body: { slotMinutes: null, autoApprove: false, weekly: WEEKDAY_MORNINGS } }),
  createTimeOff: () => {
    const start = mondayAhead(ZONE, 12).plus({ days: 6 });
    return { body: { startsAt: start.toISO(), endsAt: start.plus({ hours: 8 }).toISO(), reason: 'Conference' } };
  },
  deleteTimeOff: (fx) => ({ params: { id: fx.timeOff } }),
  bookAppointment: (fx) => ({ body: { doctorId: fx.doctorA.id, startsAt: takeSlot(fx), reason } }),
  getAppointment: (fx) => ({ params: { id: fx.appointment } }),
  approveAppointment: (fx) => ({ params: { id: fx.perRow['approveAppointment'] } }),
  declineAppointment: (fx) => ({ params: { id: fx.perRow['declineAppointment'] }, body: { reason: 'Not my field' } }),
  cancelAppointment: (fx) => ({ params: { id: fx.perRow['cancelAppointment'] }, body: { reason: 'Feeling better' } }),
  rescheduleAppointment: (fx) => ({ params: { id: fx.perRow['rescheduleAppointment'] }, body: { startsAt: takeSlot(fx) } }),
  completeAppointment: (fx) => ({ params: { id: fx.perRow['completeAppointment'] } }),
  markAppointmentNoShow: (fx) => ({ params: { id: fx.perRow['markAppointmentNoShow'] } }),
  uploadAppointmentFiles: (fx) => ({ params: { id: fx.appointment }, attach: { field: 'files', content: FILES.pdf, name: 'scan.pdf' } }),
  // an admin downloads a file only with a reason (break-glass, as for the record), given here; without one it is a 400
  downloadAppointmentFile: (fx, actor) => ({ params: { id: fx.appointment, fileId: fx.fileId }, ...(actor === 'admin' ? { query: { reason: 'Access matrix audit' } } : {}) }),
  downloadAppointmentSummary: (fx) => ({ params: { id: fx.appointment } }),
  downloadAppointmentCalendar: (fx) => ({ params: { id: fx.appointment } }),
  openConversation: (fx, actor) => ({ body: { participantId: actor.startsWith('doctor') || actor === 'pending' ? fx.patientA.id : fx.doctorA.id } }),
  getConversation: (fx) => ({ params: { id: fx.conversation } }),
  listMessages: (fx) => ({ params: { id: fx.conversation } }),
  sendMessage: (fx) => ({ params: { id: fx.conversation }, body: { body: 'Checked by the access matrix', clientId: randomUUID() } }),
  sendAttachment: (fx) => ({ params: { id: fx.conversation }, attach: { field: 'file', content: TINY_PNG, name: 'rash.png' } }),
  downloadAttachment: (fx) => ({ params: { id: fx.conversation, messageId: fx.attachmentMessage } }),
  readConversation: (fx) => ({ params: { id: fx.conversation }, body: { upToSeq: 1 } }),
  requestConsultation: () => ({ body: { reason: 'A rash since yesterday' } }),
  setConsultationAvailability: () => ({ body: { available: false } }),
  leaveConsultation: (fx) => ({ params: { id: fx.consultation } }),
  endConsultation: (fx) => ({ params: { id: fx.consultation } }),
  updateMyPatientRecord: () => ({ body: { medicalHistory: { allergies: [] } } }),
  getPatientRecord: (fx, actor) => ({ params: { id: fx.patientA.id }, ...(actor === 'admin' ? { query: { reason: 'Access matrix audit' } } : {}) }),
  listVisitNotes: (fx, actor) => ({ params: { id: fx.appointment }, ...(actor === 'admin' ? { query: { reason: 'Access matrix audit' } } : {}) }),
  createVisitNote: (fx) => ({ params: { id: fx.appointment }, body: { body: 'Checked by the access matrix.' } }),
  approveDoctor: (fx) => ({ params: { id: fx.victims.approve } }),
  rejectDoctor: (fx) => ({ params: { id: fx.victims.reject }, body: { reason: 'Licence not verified' } }),
  suspendUser: (fx) => ({ params: { id: fx.victims.suspend }, body: { reason: 'Abusive messages' } }),
  reactivateUser: (fx) => ({ params: { id: fx.victims.reactivate } }),
  updateClinicSettings: (fx) => ({ body: fx.settings }),
  createHoliday: () => ({ body: { date: '2032-01-07', name: 'Matrix day' } }),
  deleteHoliday: (fx) => ({ params: { id: fx.holiday } }),
  importPatients: () => ({ attach: { field: 'file', content: Buffer.from(`name,email\nMatrix Import,${uniqueEmail('import')}\n`), name: 'patients.csv' } }),
  getImport: (fx) => ({ params: { id: fx.patientImport } }),
};

/** The requests that refresh or upload change what the next cell needs. */
const AFTER: Record<string, (fx: Fixtures, res: Response) => void> = {
  refreshTokens: (fx, res) => {
    if (res.status === 200) fx.refreshToken = res.body.refreshToken as string;
  },
};

function takeSlot(fx: Fixtures): string {
  const slot = fx.freeSlots.shift();
  if (!slot) throw new Error('the access matrix ran out of doctor A’s free slots');
  return slot.startsAt;
}

interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

function operationsOf(document: OpenAPIObject): Operation[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.filter((m) => item[m]).map((method) => ({ operationId: item[method]?.operationId ?? `${method} ${path}`, method, path })),
  );
}

const errorShape = (status: number) =>
  expect.objectContaining({ statusCode: status, error: expect.any(String), message: expect.any(String) });

describe('access matrix: every operation × every kind of caller (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let operations: Operation[];
  const fx = {} as Fixtures;

  beforeAll(async () => {
    t = await createTestApp({ CLINIC_TIMEZONE: ZONE });
    operations = operationsOf(buildOpenApiDocument(t.app));
    const admin = await signInAdmin(t);
    const [patientA, patientB, doctorA, doctorB, pending] = await Promise.all([
      registerPatient(t, { fullName: 'Patricia Alpha' }),
      registerPatient(t, { fullName: 'Peter Beta' }),
      bookableDoctor(t, { fullName: 'Dr Alice Alpha' }),
      bookableDoctor(t, { fullName: 'Dr Bob Beta' }),
      registerDoctor(t, { fullName: 'Dr Penny Pending' }),
    ]);
    const [photoDoctor, approveVictim, rejectVictim, suspendVictim, reactivateVictim] = await Promise.all([
      approvedDoctor(t, { fullName: 'Dr Photo Graph' }),
      registerDoctor(t, { fullName: 'Dr Vic Approve' }),
      registerDoctor(t, { fullName: 'Dr Vic Reject' }),
      registerPatient(t, { fullName: 'Vic Suspend' }),
      registerPatient(t, { fullName: 'Vic Reactivate' }),
    ]);
    await t.http.put('/api/doctors/me/photo').set(photoDoctor.auth).attach('photo', TINY_PNG, 'me.png').expect(200);
    await t.http.post(`/api/admin/users/${reactivateVictim.id}/suspend`).set(admin.auth).send({}).expect(200);

    const monday = mondayAhead(ZONE);
    const slots = await slotsOf(t, doctorA.id, { from: isoDate(monday), to: isoDate(monday.plus({ days: 4 })) });
    expect(slots.length).toBeGreaterThanOrEqual(20);
    const appointment = await book(t, patientA, doctorA.id, slots.shift()?.startsAt ?? '', reason);
    const perRow: Record<string, string> = {};
    for (const op of ['approveAppointment', 'declineAppointment', 'cancelAppointment', 'rescheduleAppointment']) {
      perRow[op] = (await book(t, patientA, doctorA.id, slots.shift()?.startsAt ?? '', reason)).id;
    }
    // Completing and no-shows need an appointment that has started: confirmed ones in the past, written directly.
    const past = DateTime.now().setZone(ZONE).minus({ days: 3 }).startOf('hour');
    for (const [i, op] of ['completeAppointment', 'markAppointmentNoShow'].entries()) {
      const startsAt = past.plus({ days: i });
      perRow[op] = await insertAppointment(t.databaseUrl, {
        doctorId: doctorA.id,
        patientId: patientA.id,
        startsAt: startsAt.toISO() ?? '',
        endsAt: startsAt.plus({ minutes: 30 }).toISO() ?? '',
        status: 'confirmed',
      });
    }
    const uploaded = await t.http
      .post(`/api/appointments/${appointment.id}/files`)
      .set(patientA.auth)
      .attach('files', FILES.pdf, 'referral.pdf')
      .expect(201);
    const leave = mondayAhead(ZONE, 10).plus({ days: 6 });
    const timeOff = await t.http
      .post('/api/doctors/me/time-off')
      .set(doctorA.auth)
      .send({ startsAt: leave.toISO(), endsAt: leave.plus({ hours: 4 }).toISO() })
      .expect(201);
    const holiday = await t.http.post('/api/admin/holidays').set(admin.auth).send({ date: '2031-08-04', name: 'Matrix holiday' }).expect(201);
    const settings = (await t.http.get('/api/admin/settings').set(admin.auth).expect(200)).body as Record<string, unknown>;
    const { updatedAt: _at, updatedBy: _by, ...settingsInput } = settings;
    const { refreshToken } = await signIn(t, patientA.email);
    const patientImport = await t.http
      .post('/api/admin/imports/patients')
      .set(admin.auth)
      .attach('file', Buffer.from(`name,email\nMatrix Imported,${uniqueEmail('imported')}\n`), 'patients.csv')
      .expect(202);
    const [notification] = (await t.http.get('/api/notifications').set(doctorA.auth).expect(200)).body.items as { id: string }[];
    const [delivery] = (await t.http.get('/api/admin/deliveries').set(admin.auth).expect(200)).body.items as { id: string }[];
    const conversation = await t.http.post('/api/conversations').set(patientA.auth).send({ participantId: doctorA.id }).expect(201);
    const attachmentMessage = await t.http
      .post(`/api/conversations/${conversation.body.id}/attachments`)
      .set(patientA.auth)
      .attach('file', TINY_PNG, 'rash.png')
      .expect(201);
    await t.http.put('/api/consultations/availability').set(doctorA.auth).send({ available: true }).expect(200);
    const consultation = await t.http.post('/api/consultations').set(patientA.auth).send({ reason: 'A rash since yesterday' }).expect(201);
    expect(consultation.body).toMatchObject({ status: 'assigned', doctor: { id: doctorA.id } });

    Object.assign(fx, {
      sessions: { patientA, patientB, doctorA, doctorB, pending, admin },
      doctorA,
      patientA,
      freeSlots: slots,
      appointment: appointment.id,
      fileId: (uploaded.body as { id: string }[])[0].id,
      perRow,
      timeOff: (timeOff.body as { id: string }).id,
      holiday: (holiday.body as { id: string }).id,
      photoDoctor: photoDoctor.id,
      victims: { approve: approveVictim.id, reject: rejectVictim.id, suspend: suspendVictim.id, reactivate: reactivateVictim.id },
      settings: settingsInput,
      refreshToken,
      patientImport: (patientImport.body as { id: string }).id,
      notification: notification.id,
      delivery: delivery.id,
      conversation: (conversation.body as { id: string }).id,
      attachmentMessage: (attachmentMessage.body as { id: string }).id,
      consultation: (consultation.body as { id: string }).id,
    } satisfies Fixtures);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists exactly the operations of the OpenAPI document: every route declares who may call it', () => {
    const documented = operations.map((o) => o.operationId).sort();
    const listed = Object.keys(ACCESS).sort();
    expect({ missingFromTable: documented.filter((id) => !listed.includes(id)), goneFromDocument: listed.filter((id) => !documented.includes(id)) })
      .toEqual({ missingFromTable: [], goneFromDocument: [] });
    expect(Object.keys(INPUTS).filter((id) => !listed.includes(id))).toEqual([]);
  });

  async function call(op: Operation, actor: Actor): Promise<Response> {
    const input = (INPUTS[op.operationId] ?? (() => ({})))(fx, actor);
    const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = input.params?.[name];
      if (!value) throw new Error(`${op.operationId}: no value for the path parameter {${name}}`);
      return encodeURIComponent(value);
    });
    let req = t.http[op.method](path);
    if (actor !== 'anon') req = req.set(fx.sessions[actor].auth);
    if (input.query) req = req.query(input.query);
    if (input.attach) req = req.attach(input.attach.field, input.attach.content, input.attach.name);
    else if (input.body !== undefined) req = req.send(input.body as object);
    const res = await req;
    AFTER[op.operationId]?.(fx, res);
    return res;
  }

  const rows = Object.entries(ACCESS);
  const check = async (operationId: string, expected: Row) => {
    const op = operations.find((o) => o.operationId === operationId);
    if (!op) throw new Error(`${operationId} is not in the OpenAPI document`);
    const refusal = (cell: Cell) => cell === 401 || cell === 403 || cell === 404;
    const order = [...ACTORS.filter((a) => refusal(expected[a])), ...ACTORS.filter((a) => !refusal(expected[a]))];
    const actual = {} as Row;
    const badShapes: string[] = [];
    for (const actor of order) {
      const res = await call(op, actor);
      const granted = res.status !== 401 && res.status !== 403 && res.status !== 404 && res.status < 500;
      actual[actor] = expected[actor] === 'ok' && granted ? 'ok' : res.status;
      if (res.status >= 400) {
        try {
          expect(res.body).toEqual(errorShape(res.status));
        } catch {
          badShapes.push(`${actor}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
    }
    expect({ [operationId]: actual, badShapes }).toEqual({ [operationId]: expected, badShapes: [] });
  };
  for (const [operationId, expected] of rows) {
    it(`${operationId}`, () => check(operationId, expected));
  }
});
