import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import type { UploadedBlob } from '../../common/uploads/content-type';
import { AvailabilityService } from './availability.service';
import { DoctorsService, PHOTO_MAX_BYTES } from './doctors.service';
import {
  AvailabilityDto,
  CreateTimeOffRequest,
  MyDoctorProfileDto,
  TimeOffDto,
  UpdateAvailabilityRequest,
  UpdateDoctorProfileRequest,
} from './dto/doctor.dto';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** A doctor's own profile, photo, weekly hours and time off. */
@ApiTags('doctors')
@ApiBearerAuth()
@Roles('doctor')
@ApiErrors(401, 403)
@Controller('doctors')
export class DoctorProfileController {
  constructor(
    private readonly doctors: DoctorsService,
    private readonly availability: AvailabilityService,
  ) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in doctor’s profile' })
  @ApiOkResponse({ type: MyDoctorProfileDto })
  getMyDoctorProfile(@CurrentUser() me: AuthUser): Promise<MyDoctorProfileDto> {
    return this.doctors.myProfile(me);
  }

  @Patch('me')
  @ApiOperation({ summary: 'Edit the signed-in doctor’s profile' })
  @ApiOkResponse({ type: MyDoctorProfileDto })
  @ApiErrors(400)
  updateMyDoctorProfile(
    @CurrentUser() me: AuthUser,
    @Body() body: UpdateDoctorProfileRequest,
  ): Promise<MyDoctorProfileDto> {
    return this.doctors.updateProfile(me, body);
  }

  @Put('me/photo')
  @UseInterceptors(FileInterceptor('photo', { limits: { fileSize: PHOTO_MAX_BYTES, files: 1 } }))
  @ApiOperation({ summary: 'Replace the profile photo (JPEG, PNG or WebP, at most 2 MB)' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['photo'], properties: { photo: { type: 'string', format: 'binary' } } },
  })
  @ApiOkResponse({ type: MyDoctorProfileDto })
  @ApiErrors(400, 413, 415)
  uploadMyDoctorPhoto(
    @CurrentUser() me: AuthUser,
    @UploadedFile() photo: UploadedBlob | undefined,
  ): Promise<MyDoctorProfileDto> {
    return this.doctors.setPhoto(me, photo);
  }

  @Get('me/photo')
  @Header('Cache-Control', 'private, no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({ summary: 'The signed-in doctor’s own photo, also while the application is pending (the public one is not)' })
  @ApiProduces('image/*')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(401, 403, 404)
  async getMyDoctorPhoto(@CurrentUser() me: AuthUser): Promise<StreamableFile> {
    const photo = await this.doctors.openPhoto(me.id, 'own');
    return new StreamableFile(photo.stream, { type: photo.type, length: photo.size });
  }

  @Delete('me/photo')
  @ApiOperation({ summary: 'Remove the profile photo' })
  @ApiOkResponse({ type: MyDoctorProfileDto })
  deleteMyDoctorPhoto(@CurrentUser() me: AuthUser): Promise<MyDoctorProfileDto> {
    return this.doctors.removePhoto(me);
  }

  @Get('me/availability')
  @ApiOperation({ summary: 'Weekly hours, slot length and auto-approval' })
  @ApiOkResponse({ type: AvailabilityDto })
  getMyAvailability(@CurrentUser() me: AuthUser): Promise<AvailabilityDto> {
    return this.availability.availability(me);
  }

  @Put('me/availability')
  @ApiOperation({
    summary: 'Replace the weekly hours; 422 when a window lies outside the clinic’s working hours',
  })
  @ApiOkResponse({ type: AvailabilityDto })
  @ApiErrors(400, 422)
  updateMyAvailability(@CurrentUser() me: AuthUser, @Body() body: UpdateAvailabilityRequest): Promise<AvailabilityDto> {
    return this.availability.setAvailability(me, body);
  }

  @Get('me/time-off')
  @ApiOperation({ summary: 'Current and upcoming time off, soonest first' })
  @ApiOkResponse({ type: [TimeOffDto] })
  listMyTimeOff(@CurrentUser() me: AuthUser): Promise<TimeOffDto[]> {
    return this.availability.listTimeOff(me);
  }

  @Post('me/time-off')
  @ApiOperation({ summary: 'Block a span of time; its slots disappear' })
  @ApiCreatedResponse({ type: TimeOffDto })
  @ApiErrors(400)
  createTimeOff(@CurrentUser() me: AuthUser, @Body() body: CreateTimeOffRequest): Promise<TimeOffDto> {
    return this.availability.addTimeOff(me, body);
  }

  @Delete('me/time-off/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove time off' })
  @ApiNoContentResponse()
  @ApiErrors(404)
  deleteTimeOff(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.availability.removeTimeOff(me, id);
  }
}

/** Approved doctors' uploaded photos, public like the profiles that show them. */
@ApiTags('doctors')
@Controller('doctors')
export class DoctorPhotoController {
  constructor(private readonly doctors: DoctorsService) {}

  @Public()
  @Get(':id/photo')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  @Header('X-Content-Type-Options', 'nosniff')
  @ApiOperation({ summary: 'A doctor’s uploaded photo (the URL changes with the photo)' })
  @ApiProduces('image/*')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiErrors(404)
  async getDoctorPhoto(@Param('id', uuid) id: string): Promise<StreamableFile> {
    const photo = await this.doctors.openPhoto(id, 'public');
    return new StreamableFile(photo.stream, { type: photo.type, length: photo.size });
  }
}
