import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { AdminClinicController } from './admin-clinic.controller';
import { ClinicController } from './clinic.controller';
import { ClinicService } from './clinic.service';

@Module({
  imports: [UsersModule, AuditModule],
  controllers: [ClinicController, AdminClinicController],
  providers: [ClinicService],
  exports: [ClinicService],
})
export class ClinicModule {}
