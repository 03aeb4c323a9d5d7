import { Module } from '@nestjs/common';
import { DoctorsService } from './doctors.service';
import { SpecialtiesController } from './specialties.controller';

@Module({ controllers: [SpecialtiesController], providers: [DoctorsService], exports: [DoctorsService] })
export class DoctorsModule {}
