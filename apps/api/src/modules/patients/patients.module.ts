import { Module } from '@nestjs/common';
import { PatientsRepository } from './patients.repository';
import { PatientsService } from './patients.service';

@Module({ providers: [PatientsRepository, PatientsService], exports: [PatientsService] })
export class PatientsModule {}
