import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { PatientsModule } from '../patients/patients.module';
import { RecordsController } from './records.controller';
import { RecordsService } from './records.service';

/** The whole record across modules (the FHIR export); sits above patients and appointments. */
@Module({ imports: [PatientsModule, AppointmentsModule], controllers: [RecordsController], providers: [RecordsService] })
export class RecordsModule {}
