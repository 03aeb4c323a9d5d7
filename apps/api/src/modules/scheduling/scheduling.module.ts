import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { ClinicModule } from '../clinic/clinic.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { DoctorDirectoryController } from './doctor-directory.controller';
import { DoctorDirectoryService } from './doctor-directory.service';
import { SlotsService } from './slots.service';

/**
 * Where clinic rules, doctors' hours and held appointments meet: slots and doctor search.
 * It reads held times from the appointments module; commands that must check a slot (booking,
 * rescheduling) belong in a module above this one, so dependencies keep pointing one way.
 */
@Module({
  imports: [ClinicModule, DoctorsModule, AppointmentsModule],
  controllers: [DoctorDirectoryController],
  providers: [SlotsService, DoctorDirectoryService],
  exports: [SlotsService],
})
export class SchedulingModule {}
