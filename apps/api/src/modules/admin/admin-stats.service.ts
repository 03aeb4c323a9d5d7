import { HttpStatus, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Clock } from '../../common/clock';
import { fieldException } from '../../common/exceptions';
import { AppointmentStatsService, emptyStatusCounts } from '../appointments/appointment-stats.service';
import { ClinicService } from '../clinic/clinic.service';
import { DoctorsService } from '../doctors/doctors.service';
import { UsersService } from '../users/users.service';
import type { AdminStatsDto, AdminStatsQuery } from './dto/admin-stats.dto';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 366;
const TOP_DOCTORS = 5;

/** The admin dashboard's numbers: accounts, appointments over a clinic-local date range, specialties and top doctors. */
@Injectable()
export class AdminStatsService {
  constructor(
    private readonly appointments: AppointmentStatsService,
    private readonly users: UsersService,
    private readonly doctors: DoctorsService,
    private readonly clinic: ClinicService,
    private readonly clock: Clock,
  ) {}

  async stats(query: AdminStatsQuery): Promise<AdminStatsDto> {
    const { timezone } = await this.clinic.settings();
    const today = DateTime.fromJSDate(this.clock.now(), { zone: timezone }).startOf('day');
    const to = query.to ? DateTime.fromISO(query.to, { zone: timezone }) : today;
    const from = query.from ? DateTime.fromISO(query.from, { zone: timezone }) : to.minus({ days: DEFAULT_DAYS - 1 });
    if (from > to) throw fieldException(HttpStatus.BAD_REQUEST, 'from', 'must be on or before `to`');
    const days = Math.round(to.diff(from, 'days').days) + 1;
    if (days > MAX_DAYS) throw fieldException(HttpStatus.BAD_REQUEST, 'from', `the range may cover at most ${MAX_DAYS} days`);
    const rangeStart = from.toJSDate();
    const rangeEnd = to.plus({ days: 1 }).toJSDate();
    const weekStart = today.startOf('week');

    const [accounts, byStatus, todayCounts, weekCounts, perDay, perDoctor] = await Promise.all([
      this.users.countByRoleAndStatus(),
      this.appointments.byStatus(rangeStart, rangeEnd),
      this.appointments.byStatus(today.toJSDate(), today.plus({ days: 1 }).toJSDate()),
      this.appointments.byStatus(weekStart.toJSDate(), weekStart.plus({ weeks: 1 }).toJSDate()),
      this.appointments.perDay(rangeStart, rangeEnd, timezone),
      this.appointments.perDoctor(rangeStart, rangeEnd),
    ]);

    const count = (role: string, status?: string) =>
      accounts.filter((a) => a.role === role && (!status || a.status === status)).reduce((sum, a) => sum + a.count, 0);

    const doctorIds = perDoctor.map((d) => d.doctorId);
    const [profiles, names] = await Promise.all([this.doctors.profilesFor(doctorIds), this.users.namesOf(doctorIds)]);
    const specialtyOf = (id: string) => profiles.get(id)?.specialty?.name ?? null;

    const bySpecialty = new Map<string, number>();
    for (const d of perDoctor) {
      const specialty = specialtyOf(d.doctorId) ?? 'No specialty';
      bySpecialty.set(specialty, (bySpecialty.get(specialty) ?? 0) + d.total);
    }
    const due = byStatus.completed + byStatus.no_show;

    return {
      from: from.toISODate() ?? '',
      to: to.toISODate() ?? '',
      users: {
        patients: count('patient'),
        doctors: {
          active: count('doctor', 'active'),
          pending: count('doctor', 'pending'),
          rejected: count('doctor', 'rejected'),
          suspended: count('doctor', 'suspended'),
        },
      },
      appointments: {
        byStatus,
        today: todayCounts,
        thisWeek: weekCounts,
        perDay: Array.from({ length: days }, (_, i) => {
          const date = from.plus({ days: i }).toISODate() ?? '';
          return { date, byStatus: perDay.get(date) ?? emptyStatusCounts() };
        }),
        noShowRate: due === 0 ? null : byStatus.no_show / due,
      },
      bySpecialty: [...bySpecialty]
        .map(([specialty, bookings]) => ({ specialty, bookings }))
        .sort((a, b) => b.bookings - a.bookings || a.specialty.localeCompare(b.specialty)),
      topDoctors: perDoctor
        .filter((d) => d.completed > 0)
        .sort((a, b) => b.completed - a.completed || (names.get(a.doctorId) ?? '').localeCompare(names.get(b.doctorId) ?? ''))
        .slice(0, TOP_DOCTORS)
        .map((d) => ({ id: d.doctorId, fullName: names.get(d.doctorId) ?? '', specialty: specialtyOf(d.doctorId), completed: d.completed })),
    };
  }
}
