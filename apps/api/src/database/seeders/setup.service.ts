import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AppConfig } from '../../config/app-config';
import { PasswordHasher } from '../../modules/auth/password-hasher';
import { DoctorProfile } from '../../modules/doctors/doctor-profile.entity';
import { Specialty } from '../../modules/doctors/specialty.entity';
import { PatientProfile } from '../../modules/patients/patient-profile.entity';
import { User } from '../../modules/users/user.entity';
import { Holiday } from '../../modules/clinic/holiday.entity';
import { WeeklyHours } from '../../modules/doctors/weekly-hours.entity';
import { parseTimeOfDay, type WeeklyWindow } from '@carebook/shared';
import { DEMO_ADMIN, DEMO_DOCTORS, DEMO_HOLIDAYS, DEMO_PASSWORD, DEMO_PATIENTS, SPECIALTIES } from './demo-data';

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
    this.logger.log(`Seeded demo data: ${DEMO_DOCTORS.length} doctors, ${DEMO_PATIENTS.length} patients`);
  }
}
