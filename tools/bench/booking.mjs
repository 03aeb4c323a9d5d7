// Booking benchmarks: POST /api/appointments against the same SQL transaction sent straight through `pg`.
//
// The baseline sends the statement the endpoint commits (the guarded insert and its history row) as the built API
// sends it: dist/apps/api/booking-statement.js builds it with the appointments repository's own code, so the
// prepared statement (name, text) and its values are the ones the endpoint sends for the same booking. Same concurrency, same
// database, same run. Their ratio says how much the HTTP layer, authentication, validation, slot rules and
// serialization cost on top of the database's own work.
import autocannon from 'autocannon';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import pg from 'pg';

const STATEMENT_MODULE = 'dist/apps/api/booking-statement.js';
const REASON = 'Persistent cough for two weeks';

/** The endpoint's booking statement as a function of the booking: `(BookingInput) => pg query config`. Needs `nx build api`. */
export function bookingQuery(root) {
  const { bookingQuery: statement } = createRequire(import.meta.url)(join(root, STATEMENT_MODULE));
  if (typeof statement !== 'function') throw new Error(`${STATEMENT_MODULE} exports no bookingQuery: rebuild the API`);
  return statement;
}

const base64url = (value) => Buffer.from(value).toString('base64url');

/** An HS256 access token exactly as the API issues them (sub, role, token version), signed with the bench API's secret. */
export function accessToken(secret, sub, role) {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify({ sub, role, ver: 0, iat: now, exp: now + 3600 }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** ISO weekday and minute of the day of an instant in the clinic's timezone (what the insert's guards compare). */
function localParts(iso, format) {
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday], minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** Where a slot falls in the clinic's week, as AppointmentsService.book passes it to the statement. */
function slotLocal(slot, format) {
  const start = localParts(slot.startsAt, format);
  const end = localParts(slot.endsAt, format);
  return { weekday: start.weekday, startMinute: start.minute, endMinute: end.weekday === start.weekday ? end.minute : 1440 };
}

/**
 * Patients with no appointments (one per booking, so no booking trips the patient-overlap constraint) and
 * free slots of many doctors, split later between the scenarios so none of them books a taken slot.
 */
export async function prepareBookings(client, { base, doctorIds, from, to, bookers, domain, timezone, getJson }) {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  await client.query(
    `insert into users (id, email, full_name, role, status, password_hash)
     select gen_random_uuid(), 'bench.booker' || n || '@${domain}', 'Booker ' || n, 'patient', 'active', 'bench-no-login'
     from generate_series(1, $1) n`,
    [bookers],
  );
  const patients = (
    await client.query(`select id, full_name, email from users where email like 'bench.booker%@${domain}' order by email`)
  ).rows;
  const slots = [];
  // Every doctor's free slots, one request each, interleaved so consecutive bookings hit different doctors.
  const perDoctor = [];
  for (const doctorId of doctorIds) {
    const free = await getJson(base, `/api/doctors/${doctorId}/slots?from=${from}&to=${to}`);
    perDoctor.push(free.map((slot) => ({ doctorId, startsAt: slot.startsAt, endsAt: slot.endsAt, local: slotLocal(slot, format) })));
  }
  for (let i = 0; perDoctor.some((list) => i < list.length); i++) {
    for (const list of perDoctor) if (i < list.length) slots.push(list[i]);
  }
  return { patients, slots };
}

/** A booking request body as the portal sends it (details included, so the endpoint reads no profile). */
export function bookingBody(slot, patient) {
  return {
    doctorId: slot.doctorId,
    startsAt: slot.startsAt,
    reason: REASON,
    patientDetails: { fullName: patient.full_name, age: 42, gender: 'female', phone: '+44 20 7946 0000', email: patient.email },
  };
}

/**
 * Sends the endpoint's statement (`query`, from bookingQuery) through `connections` pg clients for `seconds`, each
 * taking the next (slot, patient) job from `nextJob` (the queue the endpoint scenario takes from, so no slot is
 * booked twice). Returns latencies (ms) and outcomes, classified like the endpoint's answers, and `meter`'s
 * reading (cpuMeter), taken before the clients close so that their server processes are still counted.
 *
 * When `nextJob` runs out, every client finishes the statement it has in flight before the clients are closed
 * and the shortage is reported: closing a client with a query in flight fails that query with pg's
 * "Connection terminated", which once hid the real cause (too few free slots for a 10 s run on 50 doctors).
 */
export async function runBaseline({ databaseUrl, query: bookingStatement, nextJob, connections, seconds, meter }) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const latencies = [];
  const outcomes = { created: 0, conflict: 0, other: 0 };
  const deadline = Date.now() + seconds * 1000;
  let shortage = null;
  let cpu = null;
  const started = process.hrtime.bigint();
  try {
    await Promise.allSettled(
      clients.map(async (client) => {
        while (Date.now() < deadline && !shortage) {
          let job;
          try {
            job = nextJob();
          } catch (error) {
            shortage = error;
            return;
          }
          const body = bookingBody(job.slot, job.patient);
          const d = body.patientDetails;
          const now = new Date();
          const status = job.autoApprove ? 'confirmed' : 'pending';
          // The booking as AppointmentsService.book passes it to the repository.
          const query = bookingStatement({
            doctorId: body.doctorId,
            patientId: job.patient.id,
            startsAt: new Date(job.slot.startsAt),
            endsAt: new Date(job.slot.endsAt),
            status,
            reason: body.reason,
            details: { fullName: d.fullName, age: d.age, gender: d.gender, phone: d.phone, email: d.email },
            now,
            local: job.slot.local,
          });
          const t0 = process.hrtime.bigint();
          try {
            await client.query(query);
            outcomes.created++;
          } catch (error) {
            if (error.code === '23P01') outcomes.conflict++;
            else {
              outcomes.other++;
              if (outcomes.other === 1) process.stdout.write(`[bench] baseline error: ${error.message}\n`);
            }
          }
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
  } finally {
    cpu = meter?.stop() ?? null;
    await Promise.all(clients.map((client) => client.end()));
  }
  if (shortage) throw shortage;
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { latencies, outcomes, elapsed, cpu };
}

/**
 * POSTs bookings through autocannon; `nextJob()` gives each request its slot and patient, `bodyOf` its body
 * (`bookingBody` unless told otherwise).
 */
export async function runEndpoint({ base, secret, connections, seconds, nextJob, bodyOf = bookingBody }) {
  const latencies = [];
  const outcomes = { created: 0, conflict: 0, other: 0 };
  const otherStatuses = {};
  const instance = autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/appointments',
        setupRequest: (request) => {
          const job = nextJob();
          return {
            ...request,
            headers: {
              ...request.headers,
              'content-type': 'application/json',
              authorization: `Bearer ${accessToken(secret, job.patient.id, 'patient')}`,
            },
            body: JSON.stringify(bodyOf(job.slot, job.patient)),
          };
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    latencies.push(responseTime);
    if (status === 201) outcomes.created++;
    else if (status === 409) outcomes.conflict++;
    else {
      outcomes.other++;
      otherStatuses[status] = (otherStatuses[status] ?? 0) + 1;
    }
  });
  const result = await instance;
  return { latencies, outcomes, otherStatuses, elapsed: result.duration, errors: result.errors, timeouts: result.timeouts };
}
