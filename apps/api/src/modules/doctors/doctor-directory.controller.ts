import { Controller, Get, HttpStatus, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { DoctorPage, DoctorProfileDto } from './dto/doctor.dto';
import { DoctorDirectoryService } from './doctor-directory.service';
import { SearchDoctorsQuery, SlotDto, SlotsQuery } from './dto/search.dto';
import { SlotsService } from './slots.service';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** Finding doctors and their free slots. Literal routes come before `:id`. */
@ApiTags('doctors')
@Controller('doctors')
export class DoctorDirectoryController {
  constructor(
    private readonly directory: DoctorDirectoryService,
    private readonly slots: SlotsService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Search bookable doctors by name, specialty, location, language and a free day; each with its next free slot',
  })
  @ApiOkResponse({ type: DoctorPage })
  @ApiErrors(400)
  listDoctors(@Query() query: SearchDoctorsQuery): Promise<DoctorPage> {
    return this.directory.search(query);
  }

  @Public()
  @Get('locations')
  @ApiOperation({ summary: 'Where bookable doctors practise' })
  @ApiOkResponse({ type: [String] })
  listDoctorLocations(): Promise<string[]> {
    return this.directory.locations();
  }

  @Get('me/slots')
  @Roles('doctor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in doctor’s free slots, as patients see them' })
  @ApiOkResponse({ type: [SlotDto] })
  @ApiErrors(400, 401, 403)
  getMySlots(@CurrentUser() me: AuthUser, @Query() query: SlotsQuery): Promise<SlotDto[]> {
    return this.slots.mySlots(me, query);
  }

  @Public()
  @Get(':id')
  @ApiOperation({ summary: 'A bookable doctor’s public profile' })
  @ApiOkResponse({ type: DoctorProfileDto })
  @ApiErrors(404)
  getDoctor(@Param('id', uuid) id: string): Promise<DoctorProfileDto> {
    return this.directory.profile(id);
  }

  @Public()
  @Get(':id/slots')
  @ApiOperation({
    summary: 'Free bookable slots: weekly hours within clinic hours, minus holidays, time off, held appointments, notice and horizon',
  })
  @ApiOkResponse({ type: [SlotDto] })
  @ApiErrors(400, 404)
  getDoctorSlots(@Param('id', uuid) id: string, @Query() query: SlotsQuery): Promise<SlotDto[]> {
    return this.slots.slotsOf(id, query);
  }
}

