import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/decorators/public.decorator';
import { ClinicService } from './clinic.service';
import { ClinicInfoDto } from './dto/clinic.dto';

@ApiTags('clinic')
@Controller('clinic')
export class ClinicController {
  constructor(private readonly clinic: ClinicService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'The clinic’s name, timezone, hours and booking rules' })
  @ApiOkResponse({ type: ClinicInfoDto })
  getClinicInfo(): Promise<ClinicInfoDto> {
    return this.clinic.info();
  }
}
