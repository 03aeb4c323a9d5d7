import { jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import type { Response } from 'supertest';
import { buildOpenApiDocument } from '../../src/app.setup';
import { createTestApp, STRONG_PASSWORD, type TestApp } from '../support/test-app';
import { registerPatient, signIn, signInAdmin, uniqueEmail, type Session } from '../support/accounts';
import { book, bookableDoctor, FILES, WEEKDAY_MORNINGS } from './appointment-fixtures';
import { insertAppointment, isoDate, mondayAhead, slotsOf, TINY_PNG } from './scheduling-fixtures';

/**
 * Schema-driven fuzzing (issue 10): for every operation of the running app's OpenAPI document, MUTATIONS
 * seeded mutations of a valid request — wrong types, huge and ill-formed strings, deep nesting, out-of-range
 * numbers and dates, arrays for objects and objects for arrays, null for every field, prototype keys — in
 * the body, the query string and the path, sent with a credential that passes the guards, so validation and
 * the services are really exercised. Nothing may answer 5xx, and every 4xx must be in the API.md error shape.
 */
const ZONE = 'Europe/London';
// Fixed in the suite; FUZZ_SEED and FUZZ_MUTATIONS explore further from the command line. Each operation gets
// every field's first mutations (more than MUTATIONS for a wide body), then seeded ones up to MUTATIONS.
const MUTATIONS = Number(process.env['FUZZ_MUTATIONS'] ?? 40);
const SEED = Number(process.env['FUZZ_SEED'] ?? 0x10_0a); // issue 10
jest.setTimeout(300_000);

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let r = a;
    r = Math.imul(r ^ (r >>> 15), r | 1);
    r ^= r + Math.imul(r ^ (r >>> 7), r | 61);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** One stream per operation, so adding a route does not change what the others are sent. */
function rngFor(operationId: string): () => number {
  let h = SEED;
  for (const c of operationId) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return mulberry32(h);
}

const pick = <T,>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

// ---------------------------------------------------------------------------------------------------
// What gets sent in place of a value

const nested = (depth: number): unknown => (depth === 0 ? 'x' : depth % 2 ? [nested(depth - 1)] : { a: nested(depth - 1) });

/** Values for a JSON body field, by class. Every class is sent to every operation (round robin). */
const JSON_VALUES: Record<string, unknown[]> = {
  wrongType: [0, 1, true, false, 'text', -7.5],
  hugeString: ['x'.repeat(200_000), '😀'.repeat(50_000), ' '.repeat(100_000)],
  illFormed: ['\ud800', 'a\udfffb', 'nul\u0000byte', '\u0000', '\ufeff\u202e', '%00', "' or 1=1 --", '${jndi:x}', '../../etc/passwd'],
  deepNesting: [nested(40), nested(31), nested(200)],
  numbers: [1e20, -1, -1e20, 2 ** 63, 1.5, -0, 'NaN', 'Infinity', '-Infinity', '1e400', '0x10', '99999999999999999999999', 1e-300],
  dates: ['0000-01-01', '9999-12-31', '2026-02-30', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T09:00:00Z',
    '+275760-09-13T00:00:00Z', '1899-12-31T23:00:00Z', '2026-13-01', '2026-01-01T25:00:00Z', '2026-01-01T09:00:00+99:00', '1970-01-01T00:00:00Z'],
  arrayForObject: [[], [{}], ['a', 1], [[[]]]],
  objectForArray: [{}, { 0: 'a', length: 1 }, { a: 1 }],
  null: [null],
  // JSON.parse makes "__proto__" an own key, as the API's body parser does (an object literal would set the prototype).
  prototypeKeys: [JSON.parse('{"__proto__":{"polluted":true}}'), { constructor: { prototype: { polluted: true } } }, { toString: 'x', valueOf: 1 }],
  emptyish: ['', ' ', [], {}],
};
const CLASSES = Object.keys(JSON_VALUES);

/** Raw query-string values (already encoded), including encodings a browser would never send. */
const QUERY_VALUES: Record<string, string[]> = {
  wrongType: ['abc', 'true', '{}', '[]'],
  hugeString: ['x'.repeat(6_000)],
  illFormed: ['%ED%A0%80', '%00', 'a%00b', '%', '%E0%A4%A', '%FF%FE', "'%20or%201=1--"],
  deepNesting: ['[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'],
  numbers: ['1e20', '-1', 'NaN', 'Infinity', '1e400', '99999999999999999999999', '0x10', '1.5', '-0', '461168601842738790'],
  dates: ['0000-01-01', '9999-12-31', '2026-02-30', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T09:00:00Z', '1899-12-31',
    '2200-12-31T23:59:59%2B14:00', '2026-01-01T09:00:00%2B99:00', '10000-01-01'],
  arrayForObject: ['__ARRAY__'],
  objectForArray: ['__OBJECT__'],
  null: ['null', '__NOVALUE__'],
  prototypeKeys: ['__PROTO__'],
  emptyish: ['', '%20'],
};
/** Raw path segments in place of an id. */
const PATH_VALUES = ['not-a-uuid', '%00', '%ED%A0%80', '%', '%E0%A4%A', 'x'.repeat(3_000), '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff', '__proto__', 'constructor', '1e20', '-1', 'null', '..%2F..%2Fetc', "'%20or%201=1--"];

// ---------------------------------------------------------------------------------------------------
// The document

interface SchemaObject {
  $ref?: string;
  allOf?: SchemaObject[];
  type?: string;
  format?: string;
  example?: unknown;
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
}

/** What a field holds, as far as the document says: decides which mutations it gets first. */
type Kind = 'date' | 'instant' | 'number' | 'array' | 'object' | 'boolean' | 'string';

interface Field {
  name: string;
  kind: Kind;
}

interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  pathParams: string[];
  queryParams: Field[];
  /** The JSON body's fields as dotted paths, nested ones included ("patientDetails.age", "weekly.0.start"). */
  bodyFields: Field[];
  multipart: string | null;
}

function resolve(document: OpenAPIObject, schema: SchemaObject | undefined): SchemaObject | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(document, document.components?.schemas?.[schema.$ref.split('/').pop() ?? '']);
  if (schema.allOf?.length === 1) return { ...resolve(document, schema.allOf[0]), ...schema, allOf: undefined };
  return schema;
}

const DATE_NAMES = /^(from|to|availableOn|date|dateOfBirth|since|upTo)$/;
const NUMBER_NAMES = /^(page|pageSize|year|limit|before|after|upToSeq)$/;

function kindOf(name: string, schema: SchemaObject | undefined): Kind {
  const leaf = name.split('.').pop() ?? name;
  if (schema?.format === 'date-time' || /At$/.test(leaf)) return 'instant';
  if (schema?.format === 'date' || DATE_NAMES.test(leaf)) return 'date';
  if (schema?.type === 'number' || schema?.type === 'integer' || NUMBER_NAMES.test(leaf)) return 'number';
  if (schema?.type === 'array') return 'array';
  if (schema?.type === 'boolean') return 'boolean';
  if (schema?.properties) return 'object';
  return 'string';
}

function fieldsOf(document: OpenAPIObject, schema: SchemaObject | undefined, prefix = '', depth = 0): Field[] {
  const resolved = resolve(document, schema);
  if (!resolved || depth > 3) return [];
  if (resolved.type === 'array' && resolved.items) {
    const item = prefix ? `${prefix}.0` : '0';
    const itemSchema = resolve(document, resolved.items);
    // An element that should be an object is a field of its own ("weekly.0" = [] or null).
    return [...(itemSchema?.properties && prefix ? [{ name: item, kind: 'object' as const }] : []), ...fieldsOf(document, resolved.items, item, depth + 1)];
  }
  return Object.entries(resolved.properties ?? {}).flatMap(([name, child]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    return [{ name: path, kind: kindOf(path, resolve(document, child)) }, ...fieldsOf(document, child, path, depth + 1)];
  });
}

function operationsOf(document: OpenAPIObject): Operation[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods
      .filter((m) => item[m])
      .map((method) => {
        const op = item[method] as {
          operationId: string;
          parameters?: { in: string; name: string; schema?: SchemaObject }[];
          requestBody?: { content: Record<string, { schema: SchemaObject }> };
        };
        const content = op.requestBody?.content ?? {};
        const multipartSchema = resolve(document, content['multipart/form-data']?.schema);
        return {
          operationId: op.operationId,
          method,
          path,
          pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          queryParams: (op.parameters ?? [])
            .filter((p) => p.in === 'query')
            .map((p) => ({ name: p.name, kind: kindOf(p.name, resolve(document, p.schema)) })),
          bodyFields: fieldsOf(document, content['application/json']?.schema),
          multipart: multipartSchema ? Object.keys(multipartSchema.properties ?? {})[0] ?? null : null,
        };
      }),
  );
}

// ---------------------------------------------------------------------------------------------------
// Valid requests to start from

type ActorName = 'anon' | 'patientA' | 'doctorA' | 'admin';

interface Fixtures {
  sessions: Record<Exclude<ActorName, 'anon'>, Session>;
  patientA: Session;
  doctorA: Session;
  slots: string[];
  appointments: Record<string, string>;
  fileId: string;
  timeOff: string;
  holiday: string;
  victims: Record<string, string>;
  settings: Record<string, unknown>;
  refreshToken: string;
  patientImport: string;
  notification: string;
  delivery: string;
  conversation: string;
  attachmentMessage: string;
  consultation: string;
}

interface Base {
  actor: ActorName;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: Record<string, unknown>;
}

const reason = 'Fuzzing check-up';
/** The valid request of each operation the mutations start from, and who sends it. */
const BASES: Record<string, (fx: Fixtures) => Base> = {
  register: () => ({ actor: 'anon', body: { email: uniqueEmail('fuzz'), password: STRONG_PASSWORD, fullName: 'Fuzz Newcomer', role: 'patient' } }),
  login: (fx) => ({ actor: 'anon', body: { email: fx.patientA.email, password: 'Wrong-Password-For-Fuzzing' } }),
  refreshTokens: () => ({ actor: 'anon', body: { refreshToken: 'not-a-refresh-token' } }),
  logout: () => ({ actor: 'patientA', body: { refreshToken: 'not-a-refresh-token' } }),
  getMe: () => ({ actor: 'patientA' }),
  updateMe: () => ({ actor: 'patientA', body: { fullName: 'Patricia Alpha', phone: '+44 20 7946 0018' } }),
  changePassword: () => ({ actor: 'patientA', body: { currentPassword: 'Not-The-Current-Password-9', newPassword: 'Quartz-Harbor-Lantern-77' } }),
  forgotPassword: () => ({ actor: 'anon', body: { email: 'nobody.fuzzed@example.test' } }),
  resetPassword: () => ({ actor: 'anon', body: { token: 'not-a-token-anyone-was-sent', password: STRONG_PASSWORD } }),
  listNotifications: () => ({ actor: 'doctorA', query: { unread: 'true', page: '1', pageSize: '20' } }),
  readNotification: (fx) => ({ actor: 'doctorA', params: { id: fx.notification } }),
  readAllNotifications: () => ({ actor: 'doctorA', body: { upTo: new Date().toISOString() } }),
  getNotificationPreferences: () => ({ actor: 'patientA' }),
  putNotificationPreferences: () => ({
    actor: 'patientA',
    body: { email: { appointments: true, reminders: true, messages: false }, sms: { appointments: false, reminders: true } },
  }),
  getClinicInfo: () => ({ actor: 'anon' }),
  listSpecialties: () => ({ actor: 'anon' }),
  getHealth: () => ({ actor: 'anon' }),
  getMetrics: () => ({ actor: 'admin' }),
  listDoctors: () => ({ actor: 'anon', query: { q: 'Alpha', specialty: 'Cardiology', availableOn: isoDate(mondayAhead(ZONE)), page: '1', pageSize: '20' } }),
  listDoctorLocations: () => ({ actor: 'anon' }),
  listTopDoctors: () => ({ actor: 'patientA', query: { limit: '4' } }),
  getDoctor: (fx) => ({ actor: 'anon', params: { id: fx.doctorA.id } }),
  getDoctorPhoto: (fx) => ({ actor: 'anon', params: { id: fx.doctorA.id } }),
  getDoctorSlots: (fx) => ({ actor: 'anon', params: { id: fx.doctorA.id }, query: { from: isoDate(mondayAhead(ZONE)), to: isoDate(mondayAhead(ZONE).plus({ days: 6 })) } }),
  getMyDoctorProfile: () => ({ actor: 'doctorA' }),
  updateMyDoctorProfile: () => ({
    actor: 'doctorA',
    body: { fullName: 'Dr Alice Alpha', specialty: 'Cardiology', experienceYears: 12, location: 'London', languages: ['English'], bio: 'Hello',
      consultationTypes: ['in_person'], contactPhone: '+44 20 7946 0018', contactEmail: 'alice@example.com' },
  }),
  uploadMyDoctorPhoto: () => ({ actor: 'doctorA' }),
  deleteMyDoctorPhoto: () => ({ actor: 'doctorA' }),
  getMyDoctorPhoto: () => ({ actor: 'doctorA' }),
  getMyAvailability: () => ({ actor: 'doctorA' }),
  updateMyAvailability: () => ({ actor: 'doctorA', body: { slotMinutes: null, autoApprove: false, weekly: WEEKDAY_MORNINGS } }),
  getMySlots: () => ({ actor: 'doctorA', query: { from: isoDate(mondayAhead(ZONE)), to: isoDate(mondayAhead(ZONE).plus({ days: 6 })) } }),
  listMyTimeOff: () => ({ actor: 'doctorA' }),
  createTimeOff: () => {
    const start = mondayAhead(ZONE, 12).plus({ days: 6 });
    return { actor: 'doctorA', body: { startsAt: start.toISO(), endsAt: start.plus({ hours: 2 }).toISO(), reason: 'Conference' } };
  },
  deleteTimeOff: (fx) => ({ actor: 'doctorA', params: { id: fx.timeOff } }),
  bookAppointment: (fx) => ({
    actor: 'patientA',
    body: { doctorId: fx.doctorA.id, startsAt: fx.slots[0], reason,
      patientDetails: { fullName: 'Patricia Alpha', age: 40, gender: 'female', phone: '+44 20 7946 0018', email: 'patricia@example.com' } },
  }),
  listAppointments: (fx) => ({
    actor: 'admin',
    query: { page: '1', pageSize: '20', status: 'pending,confirmed', from: isoDate(mondayAhead(ZONE)), to: isoDate(mondayAhead(ZONE).plus({ days: 6 })),
      q: 'check', specialty: 'Cardiology', timeOfDay: 'morning', doctorId: fx.doctorA.id, patientId: fx.patientA.id, order: 'desc' },
  }),
  getAppointment: (fx) => ({ actor: 'patientA', params: { id: fx.appointments['main'] } }),
  approveAppointment: (fx) => ({ actor: 'doctorA', params: { id: fx.appointments['approve'] } }),
  declineAppointment: (fx) => ({ actor: 'doctorA', params: { id: fx.appointments['decline'] }, body: { reason: 'Not my field' } }),
  cancelAppointment: (fx) => ({ actor: 'patientA', params: { id: fx.appointments['cancel'] }, body: { reason: 'Feeling better' } }),
  rescheduleAppointment: (fx) => ({ actor: 'patientA', params: { id: fx.appointments['reschedule'] }, body: { startsAt: fx.slots[1] } }),
  completeAppointment: (fx) => ({ actor: 'doctorA', params: { id: fx.appointments['complete'] } }),
  markAppointmentNoShow: (fx) => ({ actor: 'doctorA', params: { id: fx.appointments['noShow'] } }),
  uploadAppointmentFiles: (fx) => ({ actor: 'patientA', params: { id: fx.appointments['main'] } }),
  downloadAppointmentFile: (fx) => ({ actor: 'patientA', params: { id: fx.appointments['main'], fileId: fx.fileId } }),
  downloadAppointmentSummary: (fx) => ({ actor: 'patientA', params: { id: fx.appointments['main'] } }),
  downloadAppointmentCalendar: (fx) => ({ actor: 'patientA', params: { id: fx.appointments['main'] } }),
  getMyPatientRecord: () => ({ actor: 'patientA' }),
  updateMyPatientRecord: () => ({
    actor: 'patientA',
    body: { fullName: 'Patricia Alpha', phone: '+44 20 7946 0018', dateOfBirth: '1986-02-03', gender: 'female', address: '1 Fuzz Road',
      emergencyContact: { name: 'Sam Alpha', phone: '+44 20 7946 0019', relationship: 'Partner' },
      medicalHistory: { conditions: [{ name: 'Asthma', since: '2004-05', status: 'active', note: 'Mild' }], allergies: [{ substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' }],
        medications: [{ name: 'Salbutamol', dose: '2 puffs', since: '2004' }], notes: 'None' } },
  }),
  exportMyRecord: () => ({ actor: 'patientA' }),
  getMyAccessLog: () => ({ actor: 'patientA', query: { page: '1', pageSize: '20' } }),
  listMyPatients: () => ({ actor: 'doctorA', query: { q: 'alpha', page: '1', pageSize: '20' } }),
  getPatientRecord: (fx) => ({ actor: 'doctorA', params: { id: fx.patientA.id } }),
  listVisitNotes: (fx) => ({ actor: 'patientA', params: { id: fx.appointments['main'] } }),
  createVisitNote: (fx) => ({
    actor: 'doctorA',
    params: { id: fx.appointments['main'] },
    body: { body: 'Fuzzed note', diagnosis: 'None', prescriptions: [{ name: 'Rest', dose: 'Daily', instructions: 'Sleep' }], followUp: 'None' },
  }),
  listAuditLog: (fx) => ({ actor: 'admin', query: { page: '1', pageSize: '20', actorId: fx.doctorA.id, subjectId: fx.patientA.id, action: 'record.read', from: '2026-01-01T00:00:00Z', to: '2036-01-01T00:00:00Z' } }),
  downloadAuditLog: (fx) => ({ actor: 'admin', query: { subjectId: fx.patientA.id, action: 'record.read' } }),
  listUsers: () => ({ actor: 'admin', query: { page: '1', pageSize: '20', role: 'patient', status: 'active', q: 'alpha' } }),
  approveDoctor: (fx) => ({ actor: 'admin', params: { id: fx.victims['approve'] } }),
  rejectDoctor: (fx) => ({ actor: 'admin', params: { id: fx.victims['reject'] }, body: { reason: 'Licence not verified' } }),
  suspendUser: (fx) => ({ actor: 'admin', params: { id: fx.victims['suspend'] }, body: { reason: 'Abuse' } }),
  reactivateUser: (fx) => ({ actor: 'admin', params: { id: fx.victims['reactivate'] } }),
  getClinicSettings: () => ({ actor: 'admin' }),
  getAdminStats: () => ({ actor: 'admin', query: { from: '2031-01-01', to: '2031-01-31' } }),
  getSystemHealth: () => ({ actor: 'admin' }),
  updateClinicSettings: (fx) => ({ actor: 'admin', body: fx.settings }),
  getClinicSettingsHistory: () => ({ actor: 'admin' }),
  listHolidays: () => ({ actor: 'admin', query: { year: '2031' } }),
  createHoliday: () => ({ actor: 'admin', body: { date: '2033-05-02', name: 'Fuzz day', recurring: false } }),
  deleteHoliday: (fx) => ({ actor: 'admin', params: { id: fx.holiday } }),
  importPatients: () => ({ actor: 'admin' }),
  listImports: () => ({ actor: 'admin', query: { page: '1', pageSize: '20' } }),
  getImport: (fx) => ({ actor: 'admin', params: { id: fx.patientImport } }),
  listDeliveries: () => ({ actor: 'admin', query: { channel: 'email', status: 'sent', kind: 'doctor-approved', to: 'example', page: '1', pageSize: '20' } }),
  getDelivery: (fx) => ({ actor: 'admin', params: { id: fx.delivery } }),
  listConversations: () => ({ actor: 'patientA', query: { page: '1', pageSize: '20' } }),
  openConversation: (fx) => ({ actor: 'patientA', body: { participantId: fx.doctorA.id } }),
  getConversation: (fx) => ({ actor: 'patientA', params: { id: fx.conversation } }),
  listMessages: (fx) => ({ actor: 'patientA', params: { id: fx.conversation }, query: { before: '5', limit: '20' } }),
  sendMessage: (fx) => ({ actor: 'patientA', params: { id: fx.conversation }, body: { body: 'Fuzzing hello', clientId: randomUUID() } }),
  sendAttachment: (fx) => ({ actor: 'patientA', params: { id: fx.conversation } }),
  downloadAttachment: (fx) => ({ actor: 'patientA', params: { id: fx.conversation, messageId: fx.attachmentMessage } }),
  readConversation: (fx) => ({ actor: 'doctorA', params: { id: fx.conversation }, body: { upToSeq: 1 } }),
  requestConsultation: () => ({ actor: 'patientA', body: { reason: 'A rash since yesterday', specialty: 'Cardiology' } }),
  getCurrentConsultation: () => ({ actor: 'patientA' }),
  getConsultationAvailability: () => ({ actor: 'doctorA' }),
  setConsultationAvailability: () => ({ actor: 'doctorA', body: { available: false } }),
  getConsultationQueue: () => ({ actor: 'admin' }),
  leaveConsultation: (fx) => ({ actor: 'patientA', params: { id: fx.consultation } }),
  endConsultation: (fx) => ({ actor: 'doctorA', params: { id: fx.consultation } }),
};

// ---------------------------------------------------------------------------------------------------
// Mutations

interface Mutation {
  describe: string;
  /** Path segments already encoded. */
  params: Record<string, string>;
  /** The query string (already encoded, without "?"). */
  query: string;
  /** The raw JSON text, or undefined for none. */
  json?: string;
  multipart?: { field: string; files: { content: Buffer; name: string; type?: string }[]; fields?: Record<string, string> };
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const [i, key] of keys.slice(0, -1).entries()) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = /^\d+$/.test(keys[i + 1]) ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
  return target;
}

function encodeQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}

function rawQueryPair(name: string, raw: string): string {
  if (raw === '__ARRAY__') return `${name}=1&${name}=2&${name}[]=3`;
  if (raw === '__OBJECT__') return `${name}[a]=1&${name}[b][c]=2`;
  if (raw === '__NOVALUE__') return name;
  if (raw === '__PROTO__') return `__proto__[polluted]=1&constructor[prototype][polluted]=1&${name}[__proto__]=1`;
  return `${name}=${raw}`;
}

/** JSON text with a key the parser turns into an own "__proto__" property (JSON.stringify never writes one). */
function withPrototypeKeys(json: string): string {
  return json.startsWith('{') && json !== '{}'
    ? `{"__proto__":{"polluted":true,"role":"admin"},"constructor":{"prototype":{"polluted":true}},${json.slice(1)}`
    : '{"__proto__":{"polluted":true}}';
}

const WHOLE_BODIES = ['[]', 'null', '"text"', '123', 'true', '{', '{"a":', '{}', `[${'['.repeat(3000)}${']'.repeat(3000)}]`,
  '{"a":1,"a":2}', '\ufeff{}', JSON.stringify({ x: 'y'.repeat(1_100_000) })];

/** First of all, each field gets null and the values its kind is most likely to break on; then random classes. */
const BODY_FIRST: Record<Kind, unknown[]> = {
  date: ['0000-01-01', '9999-12-31', '2026-02-30'],
  instant: ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T09:00:00Z'],
  number: [1e20, -1],
  array: [{}],
  object: [[]],
  boolean: ['true'],
  string: [12],
};
const QUERY_FIRST: Record<Kind, string[]> = {
  date: ['0000-01-01', '9999-12-31', '2026-02-30'],
  instant: ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T09:00:00Z'],
  number: ['1e20', '461168601842738790', '-1'],
  array: ['__OBJECT__'],
  object: ['__ARRAY__'],
  boolean: ['2'],
  string: ['__ARRAY__'],
};

type Step =
  | { target: 'body'; field: string; klass: string; value: unknown }
  | { target: 'query'; field: string; klass: string; raw: string; alone?: boolean }
  | { target: 'path'; field: string; raw: string }
  | { target: 'whole' | 'multipart'; klass: string };

function planOf(op: Operation, random: () => number): Step[] {
  const plan: Step[] = [];
  for (const f of op.bodyFields) {
    plan.push({ target: 'body', field: f.name, klass: 'null', value: null });
    for (const value of BODY_FIRST[f.kind]) plan.push({ target: 'body', field: f.name, klass: f.kind, value });
  }
  for (const f of op.queryParams) {
    plan.push({ target: 'query', field: f.name, klass: 'null', raw: '__NOVALUE__' });
    for (const raw of QUERY_FIRST[f.kind]) plan.push({ target: 'query', field: f.name, klass: f.kind, raw });
    // Alone, too: with its partner (from/to) at its default, a range check can no longer refuse it first.
    if (f.kind === 'date' || f.kind === 'instant') {
      for (const raw of QUERY_FIRST[f.kind].slice(0, 2)) plan.push({ target: 'query', field: f.name, klass: `${f.kind} alone`, raw, alone: true });
    }
  }
  for (const name of op.pathParams) plan.push({ target: 'path', field: name, raw: 'not-a-uuid' });
  for (let i = 0; plan.length < MUTATIONS; i++) {
    const klass = CLASSES[i % CLASSES.length];
    const targets: Step['target'][] = [];
    if (op.bodyFields.length > 0) targets.push('body', 'body');
    if (op.queryParams.length > 0) targets.push('query', 'query');
    if (op.pathParams.length > 0) targets.push('path');
    if (op.multipart) targets.push('multipart', 'multipart');
    if (op.method !== 'get' && op.method !== 'delete') targets.push('whole');
    // Routes with no declared input still get query and body noise: they must ignore or refuse it cleanly.
    if (targets.length === 0 || random() < 0.1) targets.push('query');
    const target = pick(random, targets);
    if (target === 'body') plan.push({ target, field: pick(random, op.bodyFields).name, klass, value: pick(random, JSON_VALUES[klass]) });
    else if (target === 'query') {
      const field = op.queryParams.length > 0 && random() < 0.9 ? pick(random, op.queryParams).name : pick(random, ['page', 'unknownParam', 'q']);
      plan.push({ target, field, klass, raw: pick(random, QUERY_VALUES[klass]) });
    } else if (target === 'path') plan.push({ target, field: pick(random, op.pathParams), raw: pick(random, PATH_VALUES) });
    else plan.push({ target, klass });
  }
  return plan;
}

function mutationsOf(op: Operation, base: Base, random: () => number): Mutation[] {
  const baseParams = Object.fromEntries(Object.entries(base.params ?? {}).map(([k, v]) => [k, encodeURIComponent(v)]));
  const baseQuery = base.query ?? {};
  const baseBody = base.body;
  return planOf(op, random).map((step) => {
    const mutation: Mutation = {
      describe: '',
      params: { ...baseParams },
      query: encodeQuery(baseQuery),
      json: baseBody === undefined ? undefined : JSON.stringify(baseBody),
    };
    if (step.target === 'body') {
      const body = setAt(structuredClone(baseBody ?? {}), step.field, step.value);
      mutation.json = step.klass === 'prototypeKeys' && random() < 0.5 ? withPrototypeKeys(JSON.stringify(body)) : JSON.stringify(body);
      mutation.describe = `body.${step.field} = ${step.klass}`;
    } else if (step.target === 'query') {
      const rest = step.alone ? [] : Object.entries(baseQuery).filter(([k]) => k !== step.field);
      mutation.query = [encodeQuery(Object.fromEntries(rest)), rawQueryPair(step.field, step.raw)].filter(Boolean).join('&');
      mutation.describe = `query.${step.field} = ${step.klass}`;
    } else if (step.target === 'path') {
      mutation.params[step.field] = step.raw;
      mutation.describe = `path.${step.field} = ${step.raw.slice(0, 40)}`;
    } else if (step.target === 'whole') {
      mutation.json = step.klass === 'prototypeKeys' ? withPrototypeKeys(mutation.json ?? '{}') : pick(random, WHOLE_BODIES);
      mutation.describe = `whole body = ${mutation.json.slice(0, 40)}`;
    } else {
      const field = op.multipart as string;
      type Choice = { describe: string; field?: string; files: { content: Buffer; name: string; type?: string }[]; fields?: Record<string, string> };
      const choices: Choice[] = [
        { describe: 'no file', files: [] },
        { describe: 'wrong field name', field: 'other', files: [{ content: FILES.pdf, name: 'a.pdf' }] },
        { describe: 'empty file', files: [{ content: Buffer.alloc(0), name: 'empty.pdf' }] },
        { describe: 'html posing as pdf', files: [{ content: FILES.html, name: 'a.pdf', type: 'application/pdf' }] },
        { describe: 'random bytes', files: [{ content: Buffer.from(Array.from({ length: 512 }, () => Math.floor(random() * 256))), name: 'r.bin' }] },
        { describe: 'ill-formed name', files: [{ content: FILES.pdf, name: 'a\u0000\ud800b.pdf' }] },
        { describe: 'huge name', files: [{ content: TINY_PNG, name: `${'n'.repeat(5_000)}.png` }] },
        { describe: 'eleven files', files: Array.from({ length: 11 }, (_, k) => ({ content: FILES.pdf, name: `f${k}.pdf` })) },
        { describe: 'extra text field', files: [{ content: TINY_PNG, name: 'a.png' }], fields: { constructor: 'x', note: '\ud800' } },
        { describe: 'a valid file', files: [{ content: op.multipart === 'photo' ? TINY_PNG : FILES.pdf, name: op.multipart === 'photo' ? 'me.png' : 'ok.pdf' }] },
      ];
      const choice = pick(random, choices);
      mutation.json = undefined;
      mutation.multipart = { field: choice.field ?? field, files: choice.files, fields: choice.fields };
      mutation.describe = `multipart ${choice.describe}`;
    }
    return mutation;
  });
}

// ---------------------------------------------------------------------------------------------------

const ERROR_KEYS = ['statusCode', 'error', 'message', 'details'];
function errorShapeProblem(res: Response): string | null {
  const body = res.body as Record<string, unknown>;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `not a JSON object: ${String(res.text).slice(0, 200)}`;
  const extra = Object.keys(body).filter((k) => !ERROR_KEYS.includes(k));
  if (extra.length > 0) return `unexpected keys ${extra.join(', ')}`;
  if (body['statusCode'] !== res.status) return `statusCode ${String(body['statusCode'])} ≠ ${res.status}`;
  if (typeof body['error'] !== 'string' || typeof body['message'] !== 'string') return 'error and message must be strings';
  if (body['details'] !== undefined) {
    const ok = Array.isArray(body['details']) && body['details'].every(
      (d: unknown) => typeof d === 'object' && d !== null && Object.keys(d).sort().join() === 'field,message' &&
        typeof (d as { field: unknown }).field === 'string' && typeof (d as { message: unknown }).message === 'string');
    if (!ok) return `details not [{ field, message }]: ${JSON.stringify(body['details']).slice(0, 200)}`;
  }
  return null;
}

describe('fuzzing: seeded malformed input on every operation never answers 5xx (HTTP, real PostgreSQL)', () => {
  let t: TestApp;
  let operations: Operation[];
  const fx = {} as Fixtures;
  const logged: string[] = [];
  let sent = 0;
  let started = 0;

  beforeAll(async () => {
    t = await createTestApp({ CLINIC_TIMEZONE: ZONE });
    operations = operationsOf(buildOpenApiDocument(t.app));
    // What the exception filter logs for a 500, to name the cause next to the reproducer.
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message).split('\n').slice(0, 3).join(' | ')));
    const admin = await signInAdmin(t);
    // Victims of the admin actions never sign in: registering is enough (each password hash costs time).
    const victim = async (role: 'patient' | 'doctor', fullName: string) => {
      const res = await t.http
        .post('/api/auth/register')
        .send({ email: uniqueEmail('victim'), password: STRONG_PASSWORD, fullName, role, specialty: role === 'doctor' ? 'Cardiology' : undefined, licenseNumber: role === 'doctor' ? 'GMC-7654321' : undefined })
        .expect(201);
      return res.body.user as { id: string };
    };
    const [patientA, doctorA, approveVictim, rejectVictim, suspendVictim, reactivateVictim] = await Promise.all([
      registerPatient(t, { fullName: 'Patricia Alpha' }),
      bookableDoctor(t, { fullName: 'Dr Alice Alpha' }),
      victim('doctor', 'Dr Vic Approve'),
      victim('doctor', 'Dr Vic Reject'),
      victim('patient', 'Vic Suspend'),
      victim('patient', 'Vic Reactivate'),
    ]);
    await t.http.post(`/api/admin/users/${reactivateVictim.id}/suspend`).set(admin.auth).send({}).expect(200);
    await t.http.put('/api/doctors/me/photo').set(doctorA.auth).attach('photo', TINY_PNG, 'me.png').expect(200);
    const monday = mondayAhead(ZONE);
    const free = (await slotsOf(t, doctorA.id, { from: isoDate(monday), to: isoDate(monday.plus({ days: 4 })) })).map((s) => s.startsAt);
    const appointments: Record<string, string> = {};
    for (const key of ['main', 'approve', 'decline', 'cancel', 'reschedule']) {
      appointments[key] = (await book(t, patientA, doctorA.id, free.pop() ?? '', reason)).id;
    }
    const past = DateTime.now().setZone(ZONE).minus({ days: 3 }).startOf('hour');
    for (const [i, key] of ['complete', 'noShow'].entries()) {
      const at = past.plus({ days: i });
      appointments[key] = await insertAppointment(t.databaseUrl, {
        doctorId: doctorA.id, patientId: patientA.id, startsAt: at.toISO() ?? '', endsAt: at.plus({ minutes: 30 }).toISO() ?? '', status: 'confirmed',
      });
    }
    const uploaded = await t.http.post(`/api/appointments/${appointments['main']}/files`).set(patientA.auth).attach('files', FILES.pdf, 'a.pdf').expect(201);
    const leave = mondayAhead(ZONE, 10).plus({ days: 6 });
    const timeOff = await t.http.post('/api/doctors/me/time-off').set(doctorA.auth).send({ startsAt: leave.toISO(), endsAt: leave.plus({ hours: 4 }).toISO() }).expect(201);
    const holiday = await t.http.post('/api/admin/holidays').set(admin.auth).send({ date: '2031-08-04', name: 'Fuzz holiday' }).expect(201);
    const { updatedAt: _at, updatedBy: _by, ...settings } = (await t.http.get('/api/admin/settings').set(admin.auth).expect(200)).body as Record<string, unknown>;
    const { refreshToken } = await signIn(t, patientA.email);
    const patientImport = await t.http
      .post('/api/admin/imports/patients')
      .set(admin.auth)
      .attach('file', Buffer.from(`name,email\nFuzz Imported,${uniqueEmail('imported')}\n`), 'patients.csv')
      .expect(202);
    const [notification] = (await t.http.get('/api/notifications').set(doctorA.auth).expect(200)).body.items as { id: string }[];
    const [delivery] = (await t.http.get('/api/admin/deliveries').set(admin.auth).expect(200)).body.items as { id: string }[];
    const conversation = await t.http.post('/api/conversations').set(patientA.auth).send({ participantId: doctorA.id }).expect(201);
    const attachmentMessage = await t.http.post(`/api/conversations/${conversation.body.id}/attachments`).set(patientA.auth).attach('file', TINY_PNG, 'a.png').expect(201);
    const consultation = await t.http.post('/api/consultations').set(patientA.auth).send({ reason: 'A rash since yesterday' }).expect(201);
    Object.assign(fx, {
      sessions: { patientA, doctorA, admin },
      patientA,
      doctorA,
      slots: free,
      appointments,
      fileId: (uploaded.body as { id: string }[])[0].id,
      timeOff: (timeOff.body as { id: string }).id,
      holiday: (holiday.body as { id: string }).id,
      victims: { approve: approveVictim.id, reject: rejectVictim.id, suspend: suspendVictim.id, reactivate: reactivateVictim.id },
      settings,
      refreshToken,
      patientImport: (patientImport.body as { id: string }).id,
      notification: notification.id,
      delivery: delivery.id,
      conversation: (conversation.body as { id: string }).id,
      attachmentMessage: (attachmentMessage.body as { id: string }).id,
      consultation: (consultation.body as { id: string }).id,
    } satisfies Fixtures);
    started = Date.now();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    process.stdout.write(`[fuzz] ${sent} requests (${MUTATIONS} mutations × ${operations?.length ?? 0} operations) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    await t?.close();
  });

  async function send(op: Operation, base: Base, m: Mutation): Promise<Response> {
    const path = op.path.replace(/\{(\w+)\}/g, (_x, name: string) => m.params[name] ?? 'missing');
    let req = t.http[op.method](m.query ? `${path}?${m.query}` : path);
    if (base.actor !== 'anon') req = req.set(fx.sessions[base.actor].auth);
    if (m.multipart) {
      for (const file of m.multipart.files) req = req.attach(m.multipart.field, file.content, { filename: file.name, contentType: file.type ?? 'application/octet-stream' });
      for (const [k, v] of Object.entries(m.multipart.fields ?? {})) req = req.field(k, v);
    } else if (m.json !== undefined) {
      req = req.set('Content-Type', 'application/json').send(m.json);
    }
    sent++;
    return req;
  }

  it('has a valid starting request for every operation of the document', () => {
    const ids = operations.map((o) => o.operationId);
    expect({ withoutBase: ids.filter((id) => !BASES[id]), gone: Object.keys(BASES).filter((id) => !ids.includes(id)) }).toEqual({ withoutBase: [], gone: [] });
  });

  // The classes of 500 the fuzzer found (issue 10), each pinned as a 400 that names the field.
  it.each([
    ['GET', '/api/doctors?availableOn=9999-12-31', 'anon', undefined, 'availableOn'],
    ['GET', '/api/doctors?availableOn=2026-02-30', 'anon', undefined, 'availableOn'],
    ['GET', '/api/doctors/{doctorA}/slots?from=0000-01-01', 'anon', undefined, 'from'],
    ['GET', '/api/doctors/me/slots?from=0000-01-01', 'doctorA', undefined, 'from'],
    ['GET', '/api/appointments?to=9999-12-31', 'admin', undefined, 'to'],
    ['GET', '/api/appointments?from=0000-01-01', 'patientA', undefined, 'from'],
    ['GET', '/api/appointments?page=1e20', 'admin', undefined, 'page'],
    ['PATCH', '/api/auth/me', 'patientA', { fullName: null }, 'fullName'],
    ['PATCH', '/api/doctors/me', 'doctorA', { fullName: null }, 'fullName'],
    ['PATCH', '/api/doctors/me', 'doctorA', { specialty: null }, 'specialty'],
    ['PATCH', '/api/doctors/me', 'doctorA', { languages: null }, 'languages'],
    ['PATCH', '/api/doctors/me', 'doctorA', { consultationTypes: null }, 'consultationTypes'],
    ['POST', '/api/appointments', 'patientA', { patientDetails: [] }, 'patientDetails'],
    ['POST', '/api/admin/holidays', 'admin', { date: '0000-01-01', name: 'Year zero' }, 'date'],
    ['POST', '/api/doctors/me/time-off', 'doctorA', { startsAt: '9999-12-31T00:00:00Z', endsAt: '9999-12-31T23:00:00Z' }, 'startsAt'],
  ] as const)('%s %s as %s with %j: 400 naming %s', async (method, rawPath, actor, body, field) => {
    const path = rawPath.replace('{doctorA}', fx.doctorA.id);
    let req = t.http[method === 'GET' ? 'get' : method === 'PATCH' ? 'patch' : 'post'](path);
    if (actor !== 'anon') req = req.set(fx.sessions[actor].auth);
    const full = method === 'POST' && path === '/api/appointments' ? { doctorId: fx.doctorA.id, startsAt: fx.slots[0], reason, ...body } : body;
    const res = await (full ? req.send(full) : req);
    expect(res.status).toBe(400);
    expect(errorShapeProblem(res)).toBeNull();
    expect(res.body.details).toContainEqual({ field, message: expect.any(String) });
  });

  it(`sends ${MUTATIONS} seeded mutations to every operation: no 5xx, every error in the API.md shape`, async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const baseOf = BASES[op.operationId];
      if (!baseOf) continue;
      const base = baseOf(fx);
      for (const m of mutationsOf(op, base, rngFor(op.operationId))) {
        logged.length = 0;
        let res: Response;
        try {
          res = await send(op, base, m);
        } catch (error) {
          failures.push(`${op.operationId} [${m.describe}]: no answer (${String(error)})`);
          continue;
        }
        const problem = res.status >= 500 ? 'answered 5xx' : res.status >= 400 ? errorShapeProblem(res) : null;
        if (problem) {
          const body = m.json ? ` body ${m.json.slice(0, 300)}` : m.multipart ? ` multipart ${m.multipart.files.length} file(s)` : '';
          failures.push(
            `${op.operationId} [${m.describe}] ${op.method.toUpperCase()} ${op.path} as ${base.actor} → ${res.status}: ${problem}\n` +
              `    query "${m.query.slice(0, 300)}" params ${JSON.stringify(m.params).slice(0, 200)}${body}\n` +
              `    answer ${String(res.text).slice(0, 200)}${logged.length ? `\n    logged ${logged.join(' || ').slice(0, 600)}` : ''}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    // The app runs in this process: no "__proto__" or "constructor.prototype" payload may have reached Object.prototype.
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('role');
  });
});
