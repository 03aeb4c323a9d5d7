import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicModule } from '../clinic/clinic.module';
import { UsersModule } from '../users/users.module';
import { PatientsController } from './patients.controller';
import { PatientsRepository } from './patients.repository';
import { PatientsService } from './patients.service';

@Module({
  imports: [UsersModule, AuditModule, ClinicModule],
  controllers: [PatientsController],
  providers: [PatientsRepository, PatientsService],
  exports: [PatientsService],
})
export class PatientsModule {}
