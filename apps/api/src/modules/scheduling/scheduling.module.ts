import { Module } from '@nestjs/common';
import { ClinicModule } from '../clinic/clinic.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { DoctorDirectoryController } from './doctor-directory.controller';
import { DoctorDirectoryService } from './doctor-directory.service';
import { HeldTimesService } from './held-times.service';
import { SlotsService } from './slots.service';

/**
 * Where clinic rules, doctors' hours and held appointments meet: slots and doctor search.
 * It reads the times appointments hold; the appointments module, which books and reschedules through
 * SlotsService.requireOffered, sits above it, so dependencies keep pointing one way.
 */
@Module({
  imports: [ClinicModule, DoctorsModule],
  controllers: [DoctorDirectoryController],
  providers: [SlotsService, DoctorDirectoryService, HeldTimesService],
  exports: [SlotsService],
})
export class SchedulingModule {}
