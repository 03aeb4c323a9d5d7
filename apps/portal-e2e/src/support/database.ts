import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Moves an appointment into the past (same length) in the e2e server's database: the journeys cannot move the
 * server's clock, and a visit can only be completed once its time has come.
 */
function databaseUrl(): string {
  return readFileSync(join(__dirname, '../../test-output/database-url'), 'utf8').trim();
}

/** A doctor's instant-consultation presence as the presence job sees it (availability, last heartbeat). */
export async function doctorPresence(doctorId: string): Promise<{ available: boolean; lastSeenAt: number }> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ available: boolean; last_seen_at: Date }>(
      'select available, last_seen_at from consultation_doctors where doctor_id = $1',
      [doctorId],
    );
    expect(rows).toHaveLength(1);
    return { available: rows[0].available, lastSeenAt: rows[0].last_seen_at.getTime() };
  } finally {
    await client.end();
  }
}

export async function moveIntoPast(appointmentId: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const moved = await client.query(
      `update appointments set starts_at = now() - interval '2 hours', ends_at = now() - interval '2 hours' + (ends_at - starts_at) where id = $1`,
      [appointmentId],
    );
    expect(moved.rowCount).toBe(1);
  } finally {
    await client.end();
  }
}
