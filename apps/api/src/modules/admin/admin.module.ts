import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ClinicModule } from '../clinic/clinic.module';
import { ImportsModule } from '../imports/imports.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OperationsModule } from '../operations/operations.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { UsersModule } from '../users/users.module';
import { AdminAuditController } from './admin-audit.controller';
import { AdminAuditService } from './admin-audit.service';
import { AdminClinicController } from './admin-clinic.controller';
import { AdminClinicService } from './admin-clinic.service';
import { AdminDeliveriesController } from './admin-deliveries.controller';
import { AdminImportsController } from './admin-imports.controller';
import { AdminStatsController } from './admin-stats.controller';
import { AdminStatsService } from './admin-stats.service';
import { AdminSystemController } from './admin-system.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';

/** Everything under `/api/admin`: accounts and doctor applications, the clinic's settings and holidays, the delivery log, patient imports, the audit log, the dashboard's stats and the System page. */
@Module({
  imports: [AppointmentsModule, UsersModule, ClinicModule, DoctorsModule, AuthModule, AuditModule, RealtimeModule, NotificationsModule, ImportsModule, OperationsModule],
  controllers: [AdminUsersController, AdminClinicController, AdminDeliveriesController, AdminImportsController, AdminAuditController, AdminStatsController, AdminSystemController],
  providers: [AdminUsersService, AdminClinicService, AdminAuditService, AdminStatsService],
})
export class AdminModule {}
