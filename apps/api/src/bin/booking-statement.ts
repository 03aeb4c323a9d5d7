import { Configuration } from '@mikro-orm/core';
import { mikroOrmOptions } from '../database/mikro-orm.config';
import { bookingStatement, type BookingInput } from '../modules/appointments/appointments.repository';

export type { BookingInput };

// The API's own ORM configuration (no connection is made): its platform turns the statement's parameters
// into SQL literals exactly as the API's connection does before sending it.
const platform = new Configuration(mikroOrmOptions('postgresql://booking-statement@127.0.0.1:1/none')).getPlatform();

/**
 * For tools/bench (`require('dist/apps/api/booking-statement.js')`): the SQL text POST /api/appointments sends
 * to PostgreSQL for this booking, so the benchmark's baseline runs exactly the endpoint's statement.
 */
export function bookingSql(input: BookingInput): string {
  const statement = bookingStatement(input);
  return platform.formatQuery(statement.sql, statement.params);
}
