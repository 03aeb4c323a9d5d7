import { Body, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import type { AuthUser } from '../../common/auth-user';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { ClinicService } from '../clinic/clinic.service';
import { AdminClinicService } from './admin-clinic.service';
import {
  ClinicSettingsDto,
  ClinicSettingsInput,
  CreateHolidayRequest,
  HolidayDto,
  ListHolidaysQuery,
  SettingsRevisionDto,
} from '../clinic/dto/clinic.dto';
import { AdminController } from './admin-controller.decorator';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

@AdminController()
export class AdminClinicController {
  constructor(
    private readonly clinic: ClinicService,
    private readonly settings: AdminClinicService,
  ) {}

  @Get('settings')
  @Endpoint('The clinic’s rules', { ok: ClinicSettingsDto })
  getClinicSettings(): Promise<ClinicSettingsDto> {
    return this.clinic.getSettings();
  }

  @Put('settings')
  @Endpoint('Replace the clinic’s rules; the change is recorded', { ok: ClinicSettingsDto, errors: [400] })
  updateClinicSettings(@CurrentUser() admin: AuthUser, @Body() body: ClinicSettingsInput): Promise<ClinicSettingsDto> {
    return this.settings.update(admin, body);
  }

  @Get('settings/history')
  @Endpoint('Recent changes to the settings, newest first', { ok: [SettingsRevisionDto] })
  getClinicSettingsHistory(): Promise<SettingsRevisionDto[]> {
    return this.clinic.settingsHistory();
  }

  @Get('holidays')
  @Endpoint('Holidays by date; optionally one year’s', { ok: [HolidayDto], errors: [400] })
  listHolidays(@Query() query: ListHolidaysQuery): Promise<HolidayDto[]> {
    return this.clinic.listHolidays(query.year);
  }

  @Post('holidays')
  @Endpoint('Close the clinic on a date (optionally every year)', { created: HolidayDto, errors: [400, 409] })
  createHoliday(@CurrentUser() admin: AuthUser, @Body() body: CreateHolidayRequest): Promise<HolidayDto> {
    return this.clinic.createHoliday(admin, body);
  }

  @Delete('holidays/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Endpoint('Remove a holiday', { noContent: true, errors: [404] })
  deleteHoliday(@CurrentUser() admin: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.clinic.deleteHoliday(admin, id);
  }
}
