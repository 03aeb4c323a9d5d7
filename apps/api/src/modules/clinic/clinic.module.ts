import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { UsersModule } from '../users/users.module';
import { ClinicController } from './clinic.controller';
import { ClinicRepository } from './clinic.repository';
import { ClinicService } from './clinic.service';

/** The clinic's rules (settings and holidays). Public at `/api/clinic`; admins edit them through the admin module. */
@Module({
  imports: [UsersModule, AuditModule],
  controllers: [ClinicController],
  providers: [ClinicRepository, ClinicService],
  exports: [ClinicService],
})
export class ClinicModule {}
