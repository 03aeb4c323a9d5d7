import { expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Moves an appointment into the past (same length) in the e2e server's database: the journeys cannot move the
 * server's clock, and a visit can only be completed once its time has come.
 */
export async function moveIntoPast(appointmentId: string): Promise<void> {
  const url = readFileSync(join(__dirname, '../../test-output/database-url'), 'utf8').trim();
  const client = new pg.Client({ connectionString: url });
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
