import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { ClinicService } from './clinic.service';
import { ClinicInfoDto } from './dto/clinic.dto';

@ApiTags('clinic')
@Controller('clinic')
export class ClinicController {
  constructor(private readonly clinic: ClinicService) {}

  @Public()
  @Get()
  @Endpoint('The clinic’s name, timezone, hours and booking rules', { ok: ClinicInfoDto })
  getClinicInfo(): Promise<ClinicInfoDto> {
    return this.clinic.info();
  }
}
