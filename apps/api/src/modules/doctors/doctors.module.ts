import { Module } from '@nestjs/common';
import { ClinicModule } from '../clinic/clinic.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { AvailabilityService } from './availability.service';
import { AvailabilitySummaryJob } from './availability-summary.job';
import { AvailabilitySummaryService } from './availability-summary.service';
import { DoctorDirectoryController } from './doctor-directory.controller';
import { DoctorDirectoryService } from './doctor-directory.service';
import { DoctorPhotoController, DoctorProfileController } from './doctor-profile.controller';
import { DoctorsRepository } from './doctors.repository';
import { DoctorsService } from './doctors.service';
import { PhotoUploadInterceptor } from './photo-upload.interceptor';
import { SlotsService } from './slots.service';
import { SpecialtiesController } from './specialties.controller';

/**
 * Doctors: specialties, profiles, weekly hours and time off, and what patients ask of them — search and free
 * slots (clinic rules, hours and the times appointments hold through their `slot_holds` view), and the
 * availability summary search reads (kept current by the appointments module's triggers). The one owner of
 * `/api/doctors`. The appointments module, which books through SlotsService.requireOffered, sits above it.
 * Controllers register in this order: the doctor's own `me` routes before the public `:id` ones.
 */
@Module({
  imports: [UsersModule, ClinicModule, RealtimeModule],
  controllers: [SpecialtiesController, DoctorProfileController, DoctorPhotoController, DoctorDirectoryController],
  providers: [
    DoctorsRepository,
    DoctorsService,
    AvailabilitySummaryService,
    AvailabilitySummaryJob,
    AvailabilityService,
    SlotsService,
    DoctorDirectoryService,
    PhotoUploadInterceptor,
  ],
  exports: [DoctorsService, AvailabilityService, SlotsService, AvailabilitySummaryJob],
})
export class DoctorsModule {}
