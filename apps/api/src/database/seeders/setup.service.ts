import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager, RequestContext } from '@mikro-orm/postgresql';
import { AppConfig } from '../../config/app-config';
import { PasswordHasher } from '../../modules/auth/password-hasher';
import { DoctorProfile } from '../../modules/doctors/doctor-profile.entity';
import { Specialty } from '../../modules/doctors/specialty.entity';
import { PatientProfile } from '../../modules/patients/patient-profile.entity';
import { User } from '../../modules/users/user.entity';
import { Holiday } from '../../modules/clinic/holiday.entity';
import { WeeklyHours } from '../../modules/doctors/weekly-hours.entity';
import { parseTimeOfDay, type WeeklyWindow } from '@carebook/shared';
import { DateTime } from 'luxon';
import type { AppointmentStatus } from '@carebook/shared';
import { Clock } from '../../common/clock';
import { ClinicService } from '../../modules/clinic/clinic.service';
import { SlotsService } from '../../modules/scheduling/slots.service';
import { AppointmentsSeeder, type SeededAppointment } from '../../modules/appointments/appointments.seeder';
import {
  DEMO_ADMIN,
  DEMO_APPOINTMENTS,
  DEMO_DOCTORS,
  DEMO_HOLIDAYS,
  DEMO_PASSWORD,
  DEMO_PATIENTS,
  SPECIALTIES,
  type DemoAppointment,
} from './demo-data';

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
    private readonly clinic: ClinicService,
    private readonly slots: SlotsService,
    private readonly clock: Clock,
    private readonly appointments: AppointmentsSeeder,
  ) {}

  async run(options: { seedDemo?: boolean } = {}): Promise<SetupReport> {
    const em = this.em.fork();
    await em.getConnection().execute(
      `insert into specialties (name) select jsonb_array_elements_text(?::jsonb) on conflict do nothing`,
      [JSON.stringify(SPECIALTIES)],
    );
    const report: SetupReport = { demoSeeded: false };

    if (this.config.adminEmail && this.config.adminPassword) {
      const existing = await em.findOne(User, { email: this.config.adminEmail });
      if (!existing) {
        em.create(User, {
          email: this.config.adminEmail,
          fullName: 'Administrator',
          role: 'admin',
          status: 'active',
          statusReason: null,
          phone: null,
          passwordHash: await this.hasher.hash(this.config.adminPassword),
        });
        await em.flush();
        this.logger.log(`Created admin ${this.config.adminEmail}`);
      } else if (existing.role !== 'admin') {
        this.logger.warn(`ADMIN_EMAIL ${this.config.adminEmail} belongs to a ${existing.role} account; left unchanged`);
      }
      report.adminEnsured = this.config.adminEmail;
    }

    const seedDemo = options.seedDemo ?? this.config.seedDemo;
    if (seedDemo && (await em.count(User, { role: { $ne: 'admin' } })) === 0) {
      await this.seedDemo(em);
      report.demoSeeded = true;
    }
    if (seedDemo && (await em.count(User, { email: DEMO_ADMIN.email })) > 0) {
      report.credentials = [
        { role: 'admin', email: DEMO_ADMIN.email, password: DEMO_PASSWORD },
        { role: 'doctor', email: DEMO_DOCTORS[0].email, password: DEMO_PASSWORD },
        { role: 'patient', email: DEMO_PATIENTS[0].email, password: DEMO_PASSWORD },
      ];
    }
    return report;
  }

  private async seedDemo(em: EntityManager): Promise<void> {
    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const specialties = new Map((await em.find(Specialty, {})).map((s) => [s.name, s]));
    if ((await em.count(User, { email: DEMO_ADMIN.email })) === 0) {
      em.create(User, { ...DEMO_ADMIN, role: 'admin', status: 'active', statusReason: null, phone: null, passwordHash });
    }
    const hours: { doctorId: string; window: WeeklyWindow }[] = [];
    for (const doctor of DEMO_DOCTORS) {
      const user = em.create(User, {
        id: randomUUID(),
        email: doctor.email,
        fullName: doctor.fullName,
        role: 'doctor',
        status: doctor.status,
        statusReason: null,
        phone: null,
        passwordHash,
      });
      em.create(DoctorProfile, {
        user,
        specialty: specialties.get(doctor.specialty) as Specialty,
        licenseNumber: doctor.licenseNumber,
        experienceYears: doctor.experienceYears,
        location: doctor.location,
        bio: doctor.bio,
        photoUrl: `/avatars/${doctor.email.split('@')[0]}.svg`,
        languages: doctor.languages,
        consultationTypes: doctor.consultationTypes,
        contactPhone: '+44 20 7946 0000',
        contactEmail: 'appointments@carebook.test',
        photoFile: null,
        photoContentType: null,
        slotMinutes: doctor.slotMinutes ?? null,
        autoApprove: false,
      });
      hours.push(...doctor.hours.map((window) => ({ doctorId: user.id, window })));
    }
    for (const holiday of DEMO_HOLIDAYS) {
      em.create(Holiday, { ...holiday, createdBy: null });
    }
    for (const patient of DEMO_PATIENTS) {
      const user = em.create(User, {
        email: patient.email,
        fullName: patient.fullName,
        role: 'patient',
        status: 'active',
        statusReason: null,
        phone: patient.phone,
        passwordHash,
      });
      em.create(PatientProfile, { user, dateOfBirth: patient.dateOfBirth, gender: patient.gender });
    }
    await em.flush();
    // Weekly hours reference the profiles by id only, so they go in once the profiles exist.
    for (const { doctorId, window } of hours) {
      em.create(WeeklyHours, {
        doctorId,
        weekday: window.weekday,
        startMinute: parseTimeOfDay(window.start) ?? 0,
        endMinute: parseTimeOfDay(window.end) ?? 0,
      });
    }
    await em.flush();
    // The clinic and slot services use the request-scoped EntityManager: give them a context of their own.
    const appointments = await RequestContext.create(this.em, () => this.seedDemoAppointments(em));
    this.logger.log(`Seeded demo data: ${DEMO_DOCTORS.length} doctors, ${DEMO_PATIENTS.length} patients, ${appointments} appointments`);
  }

  /**
   * Demo appointments on the doctors' real free slots (so they respect hours, holidays and each other),
   * each with the history that led to its status. Returns how many were added.
   */
  private async seedDemoAppointments(em: EntityManager): Promise<number> {
    const users = await em.find(User, { email: { $like: '%@carebook.test' } }, { fields: ['id', 'email', 'fullName', 'phone'] });
    const byHandle = new Map(users.map((u) => [u.email.split('@')[0], u]));
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
