import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { DoctorsService } from './doctors.service';
import { SpecialtyDto } from './dto/specialty.dto';

@ApiTags('doctors')
@Controller('specialties')
export class SpecialtiesController {
  constructor(private readonly doctors: DoctorsService) {}

  @Public()
  @Get()
  @Endpoint('The clinic’s specialties, by name, with how many bookable doctors each has', { ok: [SpecialtyDto] })
  async listSpecialties(): Promise<SpecialtyDto[]> {
    return this.doctors.specialtiesWithCounts();
  }
}
