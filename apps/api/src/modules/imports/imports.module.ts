import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ClinicModule } from '../clinic/clinic.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PatientsModule } from '../patients/patients.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { ImportUploadInterceptor } from './import-upload.interceptor';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

/** Patient imports (`patient_imports`); its routes are the admin module's (`/api/admin/imports`). */
@Module({
  imports: [UsersModule, PatientsModule, AuthModule, NotificationsModule, ClinicModule, RealtimeModule],
  providers: [ImportsRepository, ImportsService, ImportUploadInterceptor],
  exports: [ImportsService, ImportUploadInterceptor],
})
export class ImportsModule {}
