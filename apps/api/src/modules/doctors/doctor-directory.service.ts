import { Injectable, NotFoundException } from '@nestjs/common';
import type { Page } from '../../common/dto/pagination.dto';
import { ClinicService } from '../clinic/clinic.service';
import { AvailabilityService } from './availability.service';
import { AvailabilitySummaryService } from './availability-summary.service';
import { DoctorsService, type PublicDoctor } from './doctors.service';
import type { DoctorDto, DoctorProfileDto } from './dto/doctor.dto';
import type { SearchDoctorsQuery } from './dto/search.dto';
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

/** Patients' view of the doctors: search with next availability, and public profiles. */
@Injectable()
export class DoctorDirectoryService {
  constructor(
    private readonly clinic: ClinicService,
    private readonly doctors: DoctorsService,
    private readonly availability: AvailabilityService,
    private readonly slots: SlotsService,
    private readonly summary: AvailabilitySummaryService,
  ) {}

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
