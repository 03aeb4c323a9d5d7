import { BOOKING_STATEMENT, bookingValues, type BookingInput } from '../modules/appointments/appointments.repository';

export type { BookingInput };

/**
 * For tools/bench (`require('dist/apps/api/booking-statement.js')`): the statement POST /api/appointments sends
 * to PostgreSQL for this booking, as node-postgres's query config (the same prepared statement's name and text,
 * the same values), so the benchmark's baseline runs exactly the endpoint's statement the way the endpoint does.
 */
export function bookingQuery(input: BookingInput): { name: string; text: string; values: unknown[] } {
  return { name: BOOKING_STATEMENT.name, text: BOOKING_STATEMENT.text, values: bookingValues(input) };
}
