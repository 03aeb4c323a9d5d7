import { Module } from '@nestjs/common';
import { ClinicModule } from '../clinic/clinic.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { AvailabilityService } from './availability.service';
import { DoctorPhotoController, DoctorProfileController } from './doctor-profile.controller';
import { DoctorsService } from './doctors.service';
import { SpecialtiesController } from './specialties.controller';

@Module({
  imports: [ClinicModule, RealtimeModule],
  controllers: [SpecialtiesController, DoctorProfileController, DoctorPhotoController],
  providers: [DoctorsService, AvailabilityService],
  exports: [DoctorsService, AvailabilityService],
})
export class DoctorsModule {}
