import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/decorators/public.decorator';
import { DoctorsService } from './doctors.service';
import { SpecialtyDto } from './dto/specialty.dto';

@ApiTags('doctors')
@Controller('specialties')
export class SpecialtiesController {
  constructor(private readonly doctors: DoctorsService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'The clinic’s specialties, by name, with how many bookable doctors each has' })
  @ApiOkResponse({ type: [SpecialtyDto] })
  async listSpecialties(): Promise<SpecialtyDto[]> {
    return this.doctors.specialtiesWithCounts();
  }
}
