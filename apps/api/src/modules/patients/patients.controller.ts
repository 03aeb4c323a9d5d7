import { Body, Controller, Get, Header, Param, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { RequestId } from '../../common/decorators/request-id.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { uuid } from '../../common/pipes/uuid-param.pipe';
import {
  AccessLogPage,
  AccessLogQuery,
  ListPatientsQuery,
  PatientPage,
  PatientRecordDto,
  PatientRecordQuery,
  UpdatePatientRecordRequest,
} from './dto/patient-record.dto';
import { PatientsService } from './patients.service';

/** Patients' records: their own (profile and medical history), and their doctors' view of them. */
@ApiTags('patients')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get('me')
  @Roles('patient')
  @Header('Cache-Control', 'private, no-store')
  @Endpoint('The signed-in patient’s record: profile and medical history', { ok: PatientRecordDto })
  getMyPatientRecord(@CurrentUser() me: AuthUser, @RequestId() requestId: string): Promise<PatientRecordDto> {
    return this.patients.readRecord({ actor: me, requestId }, me.id);
  }

  @Patch('me')
  @Roles('patient')
  @Endpoint('Edit the signed-in patient’s profile and medical history (each list given replaces the stored one)', {
    ok: PatientRecordDto,
    errors: [400],
  })
  updateMyPatientRecord(
    @CurrentUser() me: AuthUser,
    @RequestId() requestId: string,
    @Body() body: UpdatePatientRecordRequest,
  ): Promise<PatientRecordDto> {
    return this.patients.updateMine({ actor: me, requestId }, body);
  }

  @Get('me/access-log')
  @Roles('patient')
  @Endpoint('Who else read or changed my record, when and why, newest first', { ok: AccessLogPage, errors: [400] })
  getMyAccessLog(@CurrentUser() me: AuthUser, @Query() query: AccessLogQuery): Promise<AccessLogPage> {
    return this.patients.accessLog(me, query);
  }

  @Get()
  @Roles('doctor')
  @Endpoint('The signed-in doctor’s patients (a pending, confirmed, completed or no-show appointment)', { ok: PatientPage, errors: [400] })
  listMyPatients(@CurrentUser() me: AuthUser, @Query() query: ListPatientsQuery): Promise<PatientPage> {
    return this.patients.listForDoctor(me, query);
  }

  @Get(':id')
  @Roles('doctor', 'admin')
  @Header('Cache-Control', 'private, no-store')
  @Endpoint('A patient’s record: for their doctors, or for an admin with a stated reason (break-glass); audited', {
    ok: PatientRecordDto,
    errors: [400, 404],
  })
  getPatientRecord(
    @CurrentUser() me: AuthUser,
    @RequestId() requestId: string,
    @Param('id', uuid) id: string,
    @Query() query: PatientRecordQuery,
  ): Promise<PatientRecordDto> {
    return this.patients.readRecord({ actor: me, requestId, reason: query.reason }, id);
  }
}
