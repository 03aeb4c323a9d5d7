import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { AppConfig } from '../../config/app-config';
import { PasswordHasher } from '../../modules/auth/password-hasher';
import type { User } from '../../modules/users/user.entity';
import { DateTime } from 'luxon';
import type { AppointmentStatus } from '@carebook/shared';
import { Clock } from '../../common/clock';
import { ClinicService } from '../../modules/clinic/clinic.service';
import { AppointmentsSeeder, type SeededAppointment } from '../../modules/appointments/appointments.seeder';
import { AvailabilityService } from '../../modules/doctors/availability.service';
import { DoctorsService } from '../../modules/doctors/doctors.service';
import { SlotsService } from '../../modules/doctors/slots.service';
import { PatientsService } from '../../modules/patients/patients.service';
import { UsersService } from '../../modules/users/users.service';
import {
  DEMO_ADMIN,
  DEMO_APPOINTMENTS,
  DEMO_DOCTORS,
  DEMO_HOLIDAYS,
  DEMO_PASSWORD,
  DEMO_PATIENTS,
  SPECIALTIES,
  type DemoAppointment,
  type DemoDoctor,
} from './demo-data';
import { demoPortrait } from './demo-portraits';

export interface SetupReport {
  adminEnsured?: string;
  demoSeeded: boolean;
  credentials?: { role: string; email: string; password: string }[];
}

/**
 * Start-up data: the clinic's specialties (always), the configured admin, and — on an empty
 * database when SEED_DEMO is on — demo doctors, a pending application and patients.
 * Idempotent, so every start (and every instance) may run it.
 */
@Injectable()
export class SetupService {
  private readonly logger = new Logger('Setup');

  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly users: UsersService,
    private readonly doctors: DoctorsService,
    private readonly availability: AvailabilityService,
    private readonly patients: PatientsService,
    private readonly clinic: ClinicService,
    private readonly slots: SlotsService,
    private readonly clock: Clock,
    private readonly appointments: AppointmentsSeeder,
  ) {}

  /** Runs outside any request, so in a context of its own: the modules' services use the context's EntityManager. */
  run(options: { seedDemo?: boolean } = {}): Promise<SetupReport> {
    return RequestContext.create(this.em, () => this.setUp(options));
  }

  private async setUp(options: { seedDemo?: boolean }): Promise<SetupReport> {
    await this.doctors.ensureSpecialties(SPECIALTIES);
    const report: SetupReport = { demoSeeded: false };

    if (this.config.adminEmail && this.config.adminPassword) {
      const existing = await this.users.findByEmail(this.config.adminEmail);
      if (!existing) {
        this.users.create({
          email: this.config.adminEmail,
          fullName: 'Administrator',
          role: 'admin',
          status: 'active',
          phone: null,
          passwordHash: await this.hasher.hash(this.config.adminPassword),
        });
        await this.em.flush();
        this.logger.log(`Created admin ${this.config.adminEmail}`);
      } else if (existing.role !== 'admin') {
        this.logger.warn(`ADMIN_EMAIL ${this.config.adminEmail} belongs to a ${existing.role} account; left unchanged`);
      }
      report.adminEnsured = this.config.adminEmail;
    }

    const seedDemo = options.seedDemo ?? this.config.seedDemo;
    if (seedDemo && !(await this.users.anyoneButAdmins())) {
      await this.seedDemo();
      report.demoSeeded = true;
    }
    if (seedDemo && (await this.users.emailTaken(DEMO_ADMIN.email))) {
      report.credentials = [
        { role: 'admin', email: DEMO_ADMIN.email, password: DEMO_PASSWORD },
        { role: 'doctor', email: DEMO_DOCTORS[0].email, password: DEMO_PASSWORD },
        { role: 'patient', email: DEMO_PATIENTS[0].email, password: DEMO_PASSWORD },
      ];
    }
    return report;
  }

  /** The demo clinic, through the modules' own services: accounts, profiles, hours, holidays, appointments. */
  private async seedDemo(): Promise<void> {
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    if (!(await this.users.emailTaken(DEMO_ADMIN.email))) {
      this.users.create({ ...DEMO_ADMIN, role: 'admin', status: 'active', phone: null, passwordHash });
    }
    const hours: { doctor: User; demo: DemoDoctor }[] = [];
    for (const doctor of DEMO_DOCTORS) {
      const specialty = await this.doctors.findSpecialtyByName(doctor.specialty);
      if (!specialty) throw new Error(`Demo doctor ${doctor.email} has an unknown specialty ${doctor.specialty}`);
      const user = this.users.create({
        email: doctor.email,
        fullName: doctor.fullName,
        role: 'doctor',
        status: doctor.status,
        phone: doctor.phone,
        passwordHash,
      });
      this.doctors.createProfile(user, specialty, doctor.licenseNumber, {
        experienceYears: doctor.experienceYears,
        location: doctor.location,
        bio: doctor.bio,
        languages: doctor.languages,
        consultationTypes: doctor.consultationTypes,
        contactPhone: doctor.contactPhone,
        contactEmail: doctor.contactEmail,
        slotMinutes: doctor.slotMinutes ?? null,
      });
      hours.push({ doctor: user, demo: doctor });
    }
    for (const patient of DEMO_PATIENTS) {
      const user = this.users.create({
        email: patient.email,
        fullName: patient.fullName,
        role: 'patient',
        status: 'active',
        phone: patient.phone,
        passwordHash,
      });
      this.patients.createProfile(user, { dateOfBirth: patient.dateOfBirth, gender: patient.gender });
    }
    await this.em.flush();
    // Weekly hours reference the profiles by id only, so they go in once the profiles exist.
    for (const { doctor, demo } of hours) this.availability.addWeeklyHours(doctor.id, demo.hours);
    await this.em.flush();
    // Portraits drawn here, offline, and kept like uploaded photos (the same store, URL and caching).
    for (const { doctor, demo } of hours) await this.doctors.setGeneratedPhoto(doctor.id, demoPortrait(demo.email, demo.portrait));
    await this.clinic.addHolidays(DEMO_HOLIDAYS);
    const appointments = await this.seedDemoAppointments();
    this.logger.log(`Seeded demo data: ${DEMO_DOCTORS.length} doctors, ${DEMO_PATIENTS.length} patients, ${appointments} appointments`);
  }

  /**
   * Demo appointments on the doctors' real free slots (so they respect hours, holidays and each other),
   * each with the history that led to its status. Returns how many were added.
   */
  private async seedDemoAppointments(): Promise<number> {
    const byHandle = new Map<string, User>();
    for (const handle of new Set(DEMO_APPOINTMENTS.flatMap((demo) => [demo.doctor, demo.patient]))) {
      const user = await this.users.findByEmail(`${handle}@carebook.test`);
      if (user) byHandle.set(handle, user);
    }
    const rules = await this.clinic.rules({ fresh: true });
    const now = this.clock.now();
    let added = 0;
    for (const demo of DEMO_APPOINTMENTS) {
      const doctor = byHandle.get(demo.doctor);
      const patient = byHandle.get(demo.patient);
      const profile = DEMO_PATIENTS.find((p) => p.email === patient?.email);
      if (!doctor || !patient || !profile) continue;
      const time = await this.demoTime(demo, doctor.id, rules.timezone, now);
      if (!time) continue;
      const status = demoStatus(demo);
      const age = Math.floor(DateTime.fromJSDate(now).diff(DateTime.fromISO(profile.dateOfBirth), 'years').years);
      // Upcoming requests were made this morning, so the expiry job leaves them pending for a while.
      const bookedAt = new Date(time.start < now ? time.start.getTime() - 4 * 86_400_000 : now.getTime() - 3 * 3_600_000);
      let from: AppointmentStatus = 'pending';
      const history: SeededAppointment['history'] = [
        { event: 'booked', fromStatus: null, toStatus: 'pending', actorId: patient.id, actorRole: 'patient', reason: null, at: bookedAt },
      ];
      for (const [i, step] of demo.steps.entries()) {
        const to = STEP_STATUS[step.event];
        const actor = step.by === 'doctor' ? doctor : patient;
        const at = step.event === 'completed' ? time.end : new Date(bookedAt.getTime() + (i + 1) * 1_200_000);
        history.push({ event: step.event, fromStatus: from, toStatus: to, actorId: actor.id, actorRole: step.by, reason: step.reason ?? null, at });
        from = to;
      }
      await this.appointments.add({
        doctorId: doctor.id,
        patientId: patient.id,
        startsAt: time.start,
        endsAt: time.end,
        status,
        reason: demo.reason,
        statusReason: demo.steps.at(-1)?.reason ?? null,
        details: { fullName: patient.fullName, age, gender: profile.gender, phone: patient.phone ?? null, email: patient.email },
        bookedAt,
        history,
      });
      added++;
    }
    return added;
  }

  private async demoTime(demo: DemoAppointment, doctorId: string, timezone: string, now: Date) {
    if ('daysAgo' in demo.when) {
      const start = DateTime.fromJSDate(now, { zone: timezone }).minus({ days: demo.when.daysAgo }).set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
      return { start: start.toJSDate(), end: start.plus({ minutes: 30 }).toJSDate() };
    }
    const from = DateTime.fromJSDate(now, { zone: timezone }).plus({ days: demo.when.daysAhead }).toISODate() ?? '';
    const to = DateTime.fromISO(from, { zone: timezone }).plus({ days: 14 }).toISODate() ?? '';
    const free = await this.slots.slotsOf(doctorId, { from, to });
    const slot = free[Math.min(demo.when.nth, free.length - 1)];
    return slot ? { start: new Date(slot.startsAt), end: new Date(slot.endsAt) } : null;
  }
}

const STEP_STATUS: Record<DemoAppointment['steps'][number]['event'], AppointmentStatus> = {
  approved: 'confirmed',
  declined: 'declined',
  cancelled: 'cancelled',
  completed: 'completed',
};

function demoStatus(demo: DemoAppointment): AppointmentStatus {
  const last = demo.steps.at(-1);
  return last ? STEP_STATUS[last.event] : 'pending';
}
