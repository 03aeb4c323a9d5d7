import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { uuid } from '../../common/pipes/uuid-param.pipe';
import { DoctorPage, DoctorProfileDto, TopDoctorCardDto } from './dto/doctor.dto';
import { DoctorDirectoryService } from './doctor-directory.service';
import { SearchDoctorsQuery, SlotDto, SlotsQuery, TopDoctorsQuery } from './dto/search.dto';
import { SlotsService } from './slots.service';

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
  @Endpoint('Search bookable doctors by name, specialty, location, language and a free day; each with its next free slot', { ok: DoctorPage, errors: [400] })
  listDoctors(@Query() query: SearchDoctorsQuery): Promise<DoctorPage> {
    return this.directory.search(query);
  }

  @Public()
  @Get('locations')
  @Endpoint('Where bookable doctors practise', { ok: [String] })
  listDoctorLocations(): Promise<string[]> {
    return this.directory.locations();
  }

  @Get('top')
  @Roles('patient', 'admin')
  @ApiBearerAuth()
  @Endpoint('The bookable doctors with the most completed visits, soonest free first among equals; each with its count and next free slot', { ok: [TopDoctorCardDto], errors: [400, 401, 403] })
  listTopDoctors(@Query() query: TopDoctorsQuery): Promise<TopDoctorCardDto[]> {
    return this.directory.top(query);
  }

  @Get('me/slots')
  @Roles('doctor')
  @ApiBearerAuth()
  @Endpoint('The signed-in doctor’s free slots, as patients see them', { ok: [SlotDto], errors: [400, 401, 403] })
  getMySlots(@CurrentUser() me: AuthUser, @Query() query: SlotsQuery): Promise<SlotDto[]> {
    return this.slots.mySlots(me, query);
  }

  @Public()
  @Get(':id')
  @Endpoint('A bookable doctor’s public profile', { ok: DoctorProfileDto, errors: [404] })
  getDoctor(@Param('id', uuid) id: string): Promise<DoctorProfileDto> {
    return this.directory.profile(id);
  }

  @Public()
  @Get(':id/slots')
  @Endpoint('Free bookable slots: weekly hours within clinic hours, minus holidays, time off, held appointments, notice and horizon', { ok: [SlotDto], errors: [400, 404] })
  getDoctorSlots(@Param('id', uuid) id: string, @Query() query: SlotsQuery): Promise<SlotDto[]> {
    return this.slots.slotsOf(id, query);
  }
}

