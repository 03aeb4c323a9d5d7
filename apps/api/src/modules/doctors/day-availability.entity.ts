import { defineEntity, p } from '@mikro-orm/core';
import { DoctorProfileSchema } from './doctor-profile.entity';

/**
 * The availability summary's tables (see Migration20261205300000_doctor_availability). Written and read only
 * through DoctorsRepository's SQL; the entities describe the schema for the schema check.
 */

/** Which clinic-local days every doctor's rows cover, and the clinic rules they were computed under. */
const AvailabilityStateSchema = defineEntity({
  name: 'AvailabilityState',
  tableName: 'doctor_availability_state',
  properties: {
    id: p.smallint().primary().autoincrement(false),
    rulesKey: p.text(),
    firstDay: p.date(),
    lastDay: p.date(),
    minNoticeMinutes: p.integer(),
    updatedAt: p.datetime().defaultRaw('now()'),
  },
  checks: [{ name: 'doctor_availability_state_id_check', expression: 'id = 1' }],
});

/** One doctor's clinic-local day: the slots the hours offer there, and those still free. */
const DayAvailabilitySchema = defineEntity({
  name: 'DayAvailability',
  tableName: 'doctor_day_availability',
  properties: {
    doctorId: () => p.manyToOne(DoctorProfileSchema).mapToPk().fieldName('doctor_id').primary().deleteRule('cascade'),
    day: p.date().primary(),
    dayStart: p.datetime(),
    dayEnd: p.datetime(),
    slotMinutes: p.smallint(),
    candidateStarts: p.array().columnType('timestamptz[]'),
    freeStarts: p.array().columnType('timestamptz[]'),
    firstFree: p.datetime().nullable(),
    lastFree: p.datetime().nullable(),
  },
  indexes: [{ name: 'doctor_day_availability_day_idx', expression: 'create index doctor_day_availability_day_idx on doctor_day_availability (day, doctor_id) where first_free is not null' }],
  checks: [{ name: 'doctor_day_availability_slot_minutes_check', expression: 'slot_minutes > 0' }],
});

/**
 * A doctor's first free slot at or after `computedFor` (null: none in the summary), one row per profile, with
 * the account's name and bookability and the profile's specialty copied (Migration20261207300000_doctor_search_order)
 * so that an index serves search in "next available" order.
 */
const NextFreeSchema = defineEntity({
  name: 'NextFree',
  tableName: 'doctor_next_free',
  properties: {
    doctorId: () => p.oneToOne(DoctorProfileSchema).mapToPk().fieldName('doctor_id').primary().owner().deleteRule('cascade').updateRule('no action'),
    computedFor: p.datetime(),
    nextFree: p.datetime().nullable(),
    fullName: p.text(),
    bookable: p.boolean(),
    specialtyId: p.uuid(),
    /** The summary days with a free slot. */
    freeDays: p.array().columnType('date[]').defaultRaw(`'{}'`),
  },
  indexes: [
    { name: 'doctor_next_free_order_idx', properties: ['nextFree', 'fullName', 'doctorId'] },
    {
      name: 'doctor_next_free_specialty_idx',
      expression: 'create index doctor_next_free_specialty_idx on doctor_next_free (specialty_id, next_free, full_name, doctor_id) where bookable',
    },
    { name: 'doctor_next_free_computed_for_idx', properties: ['computedFor'] },
  ],
});

/** How many doctors patients can book (the bookable rows of doctor_next_free), kept by triggers. */
const BookableCountSchema = defineEntity({
  name: 'BookableCount',
  tableName: 'doctor_bookable_count',
  properties: {
    id: p.smallint().primary().autoincrement(false),
    doctors: p.integer(),
  },
  checks: [
    { name: 'doctor_bookable_count_id_check', expression: 'id = 1' },
    { name: 'doctor_bookable_count_doctors_check', expression: 'doctors >= 0' },
  ],
});

/**
 * How many bookable doctors of a specialty have a free slot on a summary day, as changes (+n, −n) whose sum is the
 * count, written by triggers on doctor_next_free and folded by the summary's cron
 * (Migration20261209100000_doctor_free_day_counts). The total of an `availableOn` search.
 */
const FreeDayCountSchema = defineEntity({
  name: 'FreeDayCount',
  tableName: 'doctor_free_day_counts',
  properties: {
    id: p.bigint('number').primary().autoincrement().generated('identity'),
    specialtyId: p.uuid(),
    day: p.date(),
    doctors: p.integer(),
  },
  indexes: [{ name: 'doctor_free_day_counts_day_idx', properties: ['day', 'specialtyId'] }],
});

export class AvailabilityState extends AvailabilityStateSchema.class {}
AvailabilityStateSchema.setClass(AvailabilityState);
export class DayAvailability extends DayAvailabilitySchema.class {}
DayAvailabilitySchema.setClass(DayAvailability);
export class NextFree extends NextFreeSchema.class {}
NextFreeSchema.setClass(NextFree);
export class BookableCount extends BookableCountSchema.class {}
BookableCountSchema.setClass(BookableCount);
export class FreeDayCount extends FreeDayCountSchema.class {}
FreeDayCountSchema.setClass(FreeDayCount);
export { AvailabilityStateSchema, BookableCountSchema, DayAvailabilitySchema, FreeDayCountSchema, NextFreeSchema };
