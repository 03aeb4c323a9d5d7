// Fills the database with a large clinic, in SQL (generate_series), in one transaction.
// Everything it adds is recognisable (emails @bench.carebook.test, the holiday's name), so a rerun
// against the same DATABASE_URL first removes the previous run's rows.

export const BENCH_EMAIL_DOMAIN = 'bench.carebook.test';
export const CITIES = ['London', 'Manchester', 'Birmingham', 'Leeds', 'Glasgow', 'Liverpool', 'Bristol', 'Edinburgh', 'Cardiff', 'Belfast'];
const HOLIDAY_NAME = 'Bench holiday (generated)';
const FIRST_NAMES = [
  'Olivia', 'Noah', 'Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Arthur', 'Mia', 'Leo', 'Ivy', 'Harry', 'Freya', 'Oscar',
  'Lily', 'Theo', 'Florence', 'Jack', 'Sophia', 'Muhammad', 'Grace', 'Alfie', 'Willow', 'Henry', 'Rosie', 'Charlie',
  'Evie', 'Thomas', 'Ella', 'Archie', 'Aisha', 'Jacob', 'Priya', 'Finley', 'Chloe', 'Samuel', 'Zara', 'Tomasz', 'Elena', 'Kwame',
];
const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright', 'Thompson',
  'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Khan', 'Okafor', 'Nowak', 'Hughes',
  'Edwards', 'Lewis', 'Hill', 'Moore', 'Clark', 'Harrison', 'Scott', 'Young', 'Morris', 'Ahmed', 'Singh', 'Murphy', 'Kelly', 'Bennett', 'Schultz',
];
const LANGUAGES = ['French', 'Spanish', 'Polish', 'Urdu', 'Arabic', 'German'];
const REASONS = ['Check-up', 'Follow-up', 'New symptoms', 'Prescription review', 'Test results', 'Second opinion'];

/** Removes the rows a previous run added (only needed on a reused DATABASE_URL). */
async function removePrevious(client) {
  const bench = `select id from users where email like '%@${BENCH_EMAIL_DOMAIN}'`;
  await client.query(`delete from appointments where doctor_id in (${bench}) or patient_id in (${bench})`);
  // Profiles, weekly hours, time off and refresh tokens go with their users (on delete cascade).
  await client.query(`delete from users where email like '%@${BENCH_EMAIL_DOMAIN}'`);
  await client.query(`delete from holidays where name = $1`, [HOLIDAY_NAME]);
}

/**
 * Doctors work Mon–Fri 09:00–12:00 and 13:00–17:00 clinic time (a third take one weekday off, a quarter
 * add Saturday 09:00–12:00); 5% have a week of leave and 5% an afternoon of training; one holiday.
 * Appointments: a tenth in the past 30 days (completed/cancelled/no-show); the rest in the next 60
 * days, denser near today; one doctor in ten is fully booked for the next 8 days. Pending and confirmed
 * appointments never overlap per doctor or per patient: every appointment fills one aligned slot, and
 * the appointments sharing a start instant get distinct patients.
 */
export async function generate(client, { doctors, patients, appointments, timezone, slotMinutes }) {
  if (patients < doctors) throw new Error('BENCH_PATIENTS must be at least BENCH_DOCTORS (patients are spread per instant)');
  const q = (text, params) => client.query(text, params);
  await q('begin');
  try {
    // A previous run's rows go first, with triggers on: the cascades that remove their profiles, hours and
    // summary rows are triggers too (in replica mode they left 10,000 orphan profiles behind at 10k).
    await removePrevious(client);
    // Bulk rows without triggers (the appointments' availability triggers, and foreign-key checks: the rows are
    // consistent by construction); the summary is recomputed afterwards (dropping its state makes the API do so).
    await q(`set local session_replication_role = replica`);
    await q(`select setseed(0.42)`);
    await q(`create temp table bench_today on commit drop as select (now() at time zone $1)::date as today`, [timezone]);

    // Doctors
    await q(`create temp table bench_doctor on commit drop as
      select n, gen_random_uuid() as id from generate_series(0, $1::int - 1) n`, [doctors]);
    await q(`insert into users (id, email, full_name, role, status, password_hash)
      select id, 'bench.doctor' || n || '@${BENCH_EMAIL_DOMAIN}',
             ($1::text[])[1 + n % 40] || ' ' || ($2::text[])[1 + (n / 40) % 40], 'doctor', 'active', 'bench-no-login'
      from bench_doctor`, [FIRST_NAMES, LAST_NAMES]);
    await q(`create temp table bench_specialty on commit drop as
      select id, (row_number() over (order by name) - 1)::int as k, count(*) over ()::int as c from specialties`);
    await q(`insert into doctor_profiles (user_id, specialty_id, license_number, experience_years, location, bio,
        languages, consultation_types)
      select d.id, s.id, 'BENCH-' || lpad(d.n::text, 6, '0'), (d.n * 7) % 41,
             ($1::text[])[1 + (d.n / s.c) % cardinality($1::text[])], 'Generated for benchmarks.',
             case when d.n % 3 = 0 then array['English'] else array['English', ($2::text[])[1 + d.n % 6]] end,
             case d.n % 4 when 0 then '{in_person,video}'::text[] when 1 then '{video}'::text[] else '{in_person}'::text[] end
      from bench_doctor d join bench_specialty s on s.k = d.n % s.c`, [CITIES, LANGUAGES]);
    await q(`insert into doctor_weekly_hours (doctor_id, weekday, start_minute, end_minute)
      select d.id, wd, w.s, w.e
      from bench_doctor d cross join generate_series(1, 6) wd cross join (values (540, 720), (780, 1020)) w(s, e)
      where (wd <= 5 and not (d.n % 3 = 0 and wd = 1 + d.n % 5)) or (wd = 6 and d.n % 4 = 0 and w.s = 540)`);
    await q(`insert into doctor_time_off (doctor_id, starts_at, ends_at, reason)
      select id, (today + n % 50)::timestamp at time zone $1, (today + n % 50 + 7)::timestamp at time zone $1, 'Annual leave'
      from bench_doctor, bench_today where n % 20 = 0
      union all
      select id, (today + n % 40 + time '13:00') at time zone $1, (today + n % 40 + time '17:00') at time zone $1, 'Training'
      from bench_doctor, bench_today where n % 20 = 10`, [timezone]);
    await q(`insert into holidays (date, name) select today + 24, $1 from bench_today on conflict do nothing`, [HOLIDAY_NAME]);

    // Patients
    await q(`create temp table bench_patient on commit drop as
      select n, gen_random_uuid() as id from generate_series(0, $1::int - 1) n`, [patients]);
    await q(`insert into users (id, email, full_name, role, status, password_hash)
      select id, 'bench.patient' || n || '@${BENCH_EMAIL_DOMAIN}',
             ($1::text[])[1 + (n * 7) % 40] || ' ' || ($2::text[])[1 + (n / 40 * 3) % 40], 'patient', 'active', 'bench-no-login'
      from bench_patient`, [FIRST_NAMES, LAST_NAMES]);
    await q(`insert into patient_profiles (user_id, date_of_birth, gender)
      select id, date '1940-01-01' + (n * 37) % 25000, (array['female', 'male', 'other', 'unspecified'])[1 + n % 4]
      from bench_patient`);

    // Every bookable slot of the past 30 and next 60 days (outside time off and holidays)
    await q(`create temp table bench_slot on commit drop as
      select d.n, d.id as doctor_id, day.k, s.starts_at
      from bench_today
      cross join lateral (select k, today + k as date from generate_series(-30, 59) k) day
      join doctor_weekly_hours w on w.weekday = extract(isodow from day.date)::int
      join bench_doctor d on d.id = w.doctor_id
      cross join lateral generate_series(w.start_minute, w.end_minute - $2::int, $2::int) m
      cross join lateral (select (day.date + make_interval(mins => m))::timestamp at time zone $1 as starts_at) s
      where not exists (select 1 from holidays h where h.date = day.date
                          or (h.recurring and extract(month from h.date) = extract(month from day.date)
                              and extract(day from h.date) = extract(day from day.date)))
        and not exists (select 1 from doctor_time_off t where t.doctor_id = d.id
                          and t.starts_at < s.starts_at + make_interval(mins => $2::int) and t.ends_at > s.starts_at)`,
    [timezone, slotMinutes]);

    const slot = `make_interval(mins => ${Number(slotMinutes)})`;
    await q(`create temp table bench_pick (doctor_id uuid, starts_at timestamptz, status text) on commit drop`);
    const past = Math.round(appointments / 10);
    await q(`insert into bench_pick
      select doctor_id, starts_at, case when r < 0.8 then 'completed' when r < 0.92 then 'cancelled' else 'no_show' end
      from (select doctor_id, starts_at, random() as r, random() as pick from bench_slot where starts_at + ${slot} <= now()
            order by pick limit $1) x`, [past]);
    const full = await q(`insert into bench_pick
      select doctor_id, starts_at, 'confirmed' from bench_slot
      where n % 10 = 3 and starts_at > now() and starts_at < now() + interval '8 days'`);
    const rest = appointments - past - full.rowCount;
    await q(`insert into bench_pick
      select doctor_id, starts_at, case when r < 0.65 then 'confirmed' when r < 0.9 then 'pending' else 'cancelled' end
      from (select doctor_id, starts_at, random() as r, random() * (1 + k / 15.0) as key from bench_slot
            where starts_at > now() and not (n % 10 = 3 and starts_at < now() + interval '8 days')
            order by key limit $1) x`, [Math.max(0, rest)]);

    // Appointments sharing an instant are ranked 0..(doctors-1) and get distinct patients.
    const inserted = await q(`insert into appointments (doctor_id, patient_id, starts_at, ends_at, status, reason,
        patient_full_name, patient_email, created_at, updated_at)
      select p.doctor_id, pt.id, p.starts_at, p.starts_at + ${slot}, p.status, ($2::text[])[1 + p.r % 6], u.full_name, u.email,
             p.made, p.made
      from (select *, row_number() over (partition by starts_at order by doctor_id) - 1 as r,
                   -- requests still waiting were made just now: older ones would be expired by the API's job at once
                   case when status = 'pending' then now() - interval '10 minutes'
                        else least(now(), starts_at) - interval '5 days' end as made
            from bench_pick) p
      join bench_patient pt on pt.n = (p.r + (extract(epoch from p.starts_at)::bigint / 60) * 7919) % $1
      join users u on u.id = pt.id`,
    [patients, REASONS]);
    await q(`delete from doctor_availability_state`);
    await q('commit');
    return { appointments: inserted.rowCount };
  } catch (error) {
    await q('rollback').catch(() => undefined);
    throw error;
  }
}

/** Row counts as the benchmark saw them. */
export async function describeData(client) {
  const { rows } = await client.query(`select
      (select count(*) from users where role = 'doctor' and status = 'active')::int as doctors,
      (select count(*) from users where role = 'patient')::int as patients,
      (select count(*) from doctor_weekly_hours)::int as weekly_hours,
      (select count(*) from doctor_time_off)::int as time_off,
      (select count(*) from appointments)::int as appointments,
      (select count(*) from appointments where status in ('pending', 'confirmed'))::int as holding,
      (select count(*) from appointments where status in ('pending', 'confirmed') and starts_at > now())::int as upcoming_holding`);
  return rows[0];
}
