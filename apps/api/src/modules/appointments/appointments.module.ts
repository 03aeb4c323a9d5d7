import { Module } from '@nestjs/common';
import { ClinicModule } from '../clinic/clinic.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PatientsModule } from '../patients/patients.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { AppointmentDetailsService } from './appointment-details.service';
import { AppointmentStatsService } from './appointment-stats.service';
import { AppointmentExpiryJob } from './appointment-expiry.job';
import { AppointmentFilesRepository } from './appointment-files.repository';
import { AppointmentFilesService } from './appointment-files.service';
import { AppointmentNotifier } from './appointment-notifier';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsRepository } from './appointments.repository';
import { AppointmentsSeeder } from './appointments.seeder';
import { AppointmentsService } from './appointments.service';
import { AppointmentUploadInterceptor } from './upload.interceptor';
import { VisitNotesController } from './visit-notes.controller';
import { VisitNotesRepository } from './visit-notes.repository';
import { VisitNotesService } from './visit-notes.service';

/** Booking, the lifecycle, files, documents and visit notes. Sits above doctors, whose slot rules it books by. */
@Module({
  imports: [ClinicModule, DoctorsModule, RealtimeModule, UsersModule, PatientsModule, NotificationsModule],
  controllers: [AppointmentsController, VisitNotesController],
  providers: [
    AppointmentsRepository,
    AppointmentFilesRepository,
    AppointmentsService,
    AppointmentDetailsService,
    AppointmentFilesService,
    AppointmentNotifier,
    AppointmentExpiryJob,
    AppointmentUploadInterceptor,
    AppointmentsSeeder,
    VisitNotesRepository,
    VisitNotesService,
    AppointmentStatsService,
  ],
  exports: [AppointmentsSeeder, AppointmentsService, VisitNotesService, AppointmentStatsService],
})
export class AppointmentsModule {}
