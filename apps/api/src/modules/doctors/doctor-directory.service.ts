import { Injectable, NotFoundException } from '@nestjs/common';
import type { Page } from '../../common/dto/pagination.dto';
import { ClinicService } from '../clinic/clinic.service';
import { SharedCache } from '../cluster/shared-caches';
import { AvailabilityService } from './availability.service';
import { AvailabilitySummaryService } from './availability-summary.service';
import { DoctorsService, type PublicDoctor } from './doctors.service';
import type { DoctorDto, DoctorProfileDto, TopDoctorCardDto } from './dto/doctor.dto';
import type { SearchDoctorsQuery, TopDoctorsQuery } from './dto/search.dto';
import { DoctorsRepository } from './doctors.repository';
import { SlotsService } from './slots.service';

function toDoctorDto(doctor: PublicDoctor, nextAvailableAt: number | undefined): DoctorDto {
  return {
    id: doctor.id,
    fullName: doctor.fullName,
    specialty: doctor.specialty,
    experienceYears: doctor.experienceYears,
    location: doctor.location,
    photoUrl: doctor.photoUrl,
    bio: doctor.bio,
    languages: doctor.languages,
    consultationTypes: doctor.consultationTypes,
    nextAvailableAt: nextAvailableAt === undefined ? null : new Date(nextAvailableAt).toISOString(),
  };
}

/**
 * How long the top-doctors ranking is kept. Completed visits change a few times a day per doctor, so the
 * ranking may lag a minute; the cards themselves (profiles, next free slot) are read as fresh as search's.
 */
const TOP_TTL_MS = 60_000;

/** Patients' view of the doctors: search with next availability, the most visited, and public profiles. */
@Injectable()
export class DoctorDirectoryService {
  constructor(
    private readonly clinic: ClinicService,
    private readonly doctors: DoctorsService,
    private readonly availability: AvailabilityService,
    private readonly slots: SlotsService,
    private readonly summary: AvailabilitySummaryService,
    private readonly repository: DoctorsRepository,
  ) {}

  private readonly topCache = new SharedCache<string, { id: string; completed: number }[]>('doctors.top', TOP_TTL_MS);

  async search(query: SearchDoctorsQuery): Promise<Page<DoctorDto>> {
    const filter = {
      q: query.q || undefined,
      specialty: query.specialty || undefined,
      location: query.location || undefined,
      language: query.language || undefined,
      consultationType: query.consultationType,
    };
    const page = { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
    const window = await this.summary.window(await this.clinic.rules());

    // Ordered by a column and not filtered by availability: the database pages (from a cached list), and only
    // the page's doctors need their next slot.
    if (query.sort !== 'nextAvailable' && !query.availableOn) {
      const { ids, total } = await this.doctors.search(filter, { sort: query.sort, page });
      return { items: await this.cards(ids, await this.summary.nextFree(ids, window)), total };
    }
    // Free on a day, or soonest first (none last, then by name): the availability summary, in one query.
    const { ids, next, total } = await this.summary.search(filter, { sort: query.sort, day: query.availableOn, window, page });
    return { items: await this.cards(ids, next), total };
  }

  /**
   * The bookable doctors with hours who completed the most visits, soonest free first among equals: one
   * ranking query, kept for TOP_TTL_MS on every instance; the cards and next free slots are read per request.
   */
  async top(query: TopDoctorsQuery): Promise<TopDoctorCardDto[]> {
    const window = await this.summary.window(await this.clinic.rules());
    let ranking = this.topCache.get(String(query.limit));
    if (!ranking) {
      const rows = await this.repository.topDoctors(window.earliest, window.horizon, query.limit);
      ranking = rows.map((row) => ({ id: row.id, completed: row.completed }));
      this.topCache.set(String(query.limit), ranking);
    }
    const ids = ranking.map((row) => row.id);
    const [doctors, next] = await Promise.all([this.doctors.bookable(ids), this.summary.nextFree(ids, window)]);
    return ranking.flatMap(({ id, completed }) => {
      const doctor = doctors.get(id);
      return doctor ? [{ ...toDoctorDto(doctor, next.get(id)), completedVisits: completed }] : [];
    });
  }

  async profile(id: string): Promise<DoctorProfileDto> {
    const doctor = (await this.doctors.bookable([id])).get(id);
    if (!doctor) throw new NotFoundException('No such doctor');
    const rules = await this.clinic.rules();
    const [{ next }, schedules] = await Promise.all([
      this.slots.availabilityOf([id], rules),
      this.availability.schedulesOf([id]),
    ]);
    return {
      ...toDoctorDto(doctor, next.get(id)),
      contactPhone: doctor.contactPhone,
      contactEmail: doctor.contactEmail,
      slotMinutes: this.slots.effectiveSlotMinutes(schedules.get(id), rules),
    };
  }

  locations(): Promise<string[]> {
    return this.doctors.locations();
  }

  private async cards(ids: string[], next: Map<string, number>): Promise<DoctorDto[]> {
    const doctors = await this.doctors.bookable(ids);
    return ids.flatMap((id) => {
      const doctor = doctors.get(id);
      return doctor ? [toDoctorDto(doctor, next.get(id))] : [];
    });
  }
}
