import { Controller, Get, Header } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { RequestId } from '../../common/decorators/request-id.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { RecordsService } from './records.service';

/** The patient's whole record to take elsewhere. */
@ApiTags('patients')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('patients')
export class RecordsController {
  constructor(private readonly records: RecordsService) {}

  @Get('me/export')
  @Roles('patient')
  @Header('Content-Type', 'application/fhir+json; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="my-health-record.json"')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('application/fhir+json')
  @Endpoint('My whole record as a FHIR R4 Bundle: Patient, Condition, AllergyIntolerance, MedicationStatement, Appointment, Encounter and visit notes', {
    ok: { schema: { type: 'object', description: 'A FHIR R4 Bundle (type collection)', additionalProperties: true } },
  })
  exportMyRecord(@CurrentUser() me: AuthUser, @RequestId() requestId: string): Promise<Record<string, unknown>> {
    return this.records.exportMine({ actor: me, requestId });
  }
}
