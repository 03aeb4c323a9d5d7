// Email outbox benchmarks: bookings through the built API, each telling the doctor by email through the
// notifications outbox (pg-boss) to a local SMTP server in this process (the tests' SMTP sink, not parsing).
//
// outbox-latency: bookings at the rate `connections` clients make them; per email, the time from the booking's
//   201 (sent after its transaction committed, so a slight underestimate of commit → accept) to the SMTP server
//   accepting the message.
// outbox-throughput: the SMTP server stalls while bookings queue a backlog, then catches up; emails accepted per
//   second from the release to the last one (the delivery pipeline's own rate, not the bookings').
import { SmtpSink } from '../../apps/api/test/support/smtp-sink.ts';
import { accessToken, bookingBody } from './booking.mjs';

export const OUTBOX_MIN_EMAILS_PER_SECOND = 200;

export function startSmtpSink() {
  return new SmtpSink({ parse: false }).start();
}

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);

/** Books for `seconds` through `connections` clients; the ids of the bookings answered 201, with when. */
async function book({ base, secret, connections, seconds, nextJob }) {
  const answered = new Map();
  let other = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const job = nextJob();
        const response = await fetch(`${base}/api/appointments`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken(secret, job.patient.id, 'patient')}` },
          body: JSON.stringify(bookingBody(job.slot, job.patient)),
        });
        const body = await response.json();
        if (response.status === 201) answered.set(body.id, Date.now());
        else other++;
      }
    }),
  );
  return { answered, other };
}

/** The email deliveries of these appointments (the outbox's rows), once they are all accepted by the sink. */
async function acceptedDeliveries(client, sink, appointmentIds, timeoutMs = 180_000) {
  const { rows } = await client.query(
    `select id, split_part(event_key, ':', 2)::uuid as appointment_id from deliveries
     where channel = 'email' and event_key like 'appointment:%' and split_part(event_key, ':', 2)::uuid = any($1::uuid[])`,
    [[...appointmentIds]],
  );
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const accepted = new Map();
    for (const entry of sink.accepted) if (!accepted.has(entry.deliveryId)) accepted.set(entry.deliveryId, entry.acceptedAt);
    if (rows.every((row) => accepted.has(row.id))) return rows.map((row) => ({ ...row, acceptedAt: accepted.get(row.id) }));
    if (Date.now() > deadline) {
      throw new Error(`outbox: ${rows.filter((row) => !accepted.has(row.id)).length} of ${rows.length} emails not accepted after ${timeoutMs / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function measureOutbox({ base, client, sink, secret, connections, seconds, nextJob, log }) {
  // Latency at the bookings' own pace.
  const latencyRun = await book({ base, secret, connections, seconds, nextJob });
  const delivered = await acceptedDeliveries(client, sink, latencyRun.answered.keys());
  const latencies = Float64Array.from(delivered.map((d) => d.acceptedAt - latencyRun.answered.get(d.appointment_id))).sort();
  const latency = {
    name: 'outbox-latency',
    request: `POST /api/appointments for ${seconds} s through ${connections} clients; 201 → SMTP 250 per email`,
    bookingsPerSecond: round(latencyRun.answered.size / seconds, 0),
    emails: delivered.length,
    p50Ms: round(percentile(latencies, 0.5), 1),
    p90Ms: round(percentile(latencies, 0.9), 1),
    p99Ms: round(percentile(latencies, 0.99), 1),
    maxMs: round(latencies[latencies.length - 1], 1),
    otherAnswers: latencyRun.other,
  };
  log(`outbox-latency: ${latency.emails} emails at ${latency.bookingsPerSecond} bookings/s, commit → SMTP accept p50 ${latency.p50Ms} ms, p99 ${latency.p99Ms} ms`);

  // Throughput: a backlog queued while the server stalls, then drained.
  let release;
  sink.behaviour = { hold: new Promise((resolve) => (release = resolve)) };
  const backlogRun = await book({ base, secret, connections, seconds, nextJob });
  const released = Date.now();
  release();
  sink.behaviour = {};
  const drained = await acceptedDeliveries(client, sink, backlogRun.answered.keys());
  const last = Math.max(...drained.map((d) => d.acceptedAt));
  const emailsPerSecond = drained.length / ((last - released) / 1000);
  const throughput = {
    name: 'outbox-throughput',
    request: `${drained.length} emails queued while the SMTP server stalled, then sent`,
    emails: drained.length,
    drainSeconds: round((last - released) / 1000, 2),
    emailsPerSecond: round(emailsPerSecond, 0),
    targetEmailsPerSecond: OUTBOX_MIN_EMAILS_PER_SECOND,
    met: emailsPerSecond >= OUTBOX_MIN_EMAILS_PER_SECOND,
    otherAnswers: backlogRun.other,
  };
  log(`outbox-throughput: ${throughput.emails} emails drained in ${throughput.drainSeconds} s: ${throughput.emailsPerSecond} emails/s`);
  return [latency, throughput];
}

export function printOutboxTable([latency, throughput]) {
  process.stdout.write(
    `\noutbox-latency     ${latency.emails} emails at ${latency.bookingsPerSecond} bookings/s: 201 → SMTP accept p50 ${latency.p50Ms} ms, p90 ${latency.p90Ms} ms, p99 ${latency.p99Ms} ms, max ${latency.maxMs} ms\n` +
      `outbox-throughput  ${throughput.emails} emails in ${throughput.drainSeconds} s: ${throughput.emailsPerSecond} emails/s ` +
      `(target >= ${throughput.targetEmailsPerSecond}): ${throughput.met ? 'met' : 'MISSED'}\n\n`,
  );
}
