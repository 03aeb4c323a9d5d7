import { Body, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
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
  @ApiOperation({ summary: 'The clinic’s rules' })
  @ApiOkResponse({ type: ClinicSettingsDto })
  getClinicSettings(): Promise<ClinicSettingsDto> {
    return this.clinic.getSettings();
  }

  @Put('settings')
  @ApiOperation({ summary: 'Replace the clinic’s rules; the change is recorded' })
  @ApiOkResponse({ type: ClinicSettingsDto })
  @ApiErrors(400)
  updateClinicSettings(@CurrentUser() admin: AuthUser, @Body() body: ClinicSettingsInput): Promise<ClinicSettingsDto> {
    return this.settings.update(admin, body);
  }

  @Get('settings/history')
  @ApiOperation({ summary: 'Recent changes to the settings, newest first' })
  @ApiOkResponse({ type: [SettingsRevisionDto] })
  getClinicSettingsHistory(): Promise<SettingsRevisionDto[]> {
    return this.clinic.settingsHistory();
  }

  @Get('holidays')
  @ApiOperation({ summary: 'Holidays by date; optionally one year’s' })
  @ApiOkResponse({ type: [HolidayDto] })
  @ApiErrors(400)
  listHolidays(@Query() query: ListHolidaysQuery): Promise<HolidayDto[]> {
    return this.clinic.listHolidays(query.year);
  }

  @Post('holidays')
  @ApiOperation({ summary: 'Close the clinic on a date (optionally every year)' })
  @ApiCreatedResponse({ type: HolidayDto })
  @ApiErrors(400, 409)
  createHoliday(@CurrentUser() admin: AuthUser, @Body() body: CreateHolidayRequest): Promise<HolidayDto> {
    return this.clinic.createHoliday(admin, body);
  }

  @Delete('holidays/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a holiday' })
  @ApiNoContentResponse()
  @ApiErrors(404)
  deleteHoliday(@CurrentUser() admin: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.clinic.deleteHoliday(admin, id);
  }
}
