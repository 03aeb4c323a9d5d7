import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { uuid } from '../../common/pipes/uuid-param.pipe';
import type { UploadedBlob } from '../../common/uploads/content-type';
import { AvailabilityService } from './availability.service';
import { DoctorsService } from './doctors.service';
import {
  AvailabilityDto,
  CreateTimeOffRequest,
  MyDoctorProfileDto,
  TimeOffDto,
  UpdateAvailabilityRequest,
  UpdateDoctorProfileRequest,
} from './dto/doctor.dto';
import { PhotoUploadInterceptor } from './photo-upload.interceptor';

/** A photo opened on its own (a generated portrait is SVG) runs nothing and loads nothing. */
const PHOTO_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

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
  @Endpoint('The signed-in doctor’s profile', { ok: MyDoctorProfileDto })
  getMyDoctorProfile(@CurrentUser() me: AuthUser): Promise<MyDoctorProfileDto> {
    return this.doctors.myProfile(me);
  }

  @Patch('me')
  @Endpoint('Edit the signed-in doctor’s profile', { ok: MyDoctorProfileDto, errors: [400] })
  updateMyDoctorProfile(
    @CurrentUser() me: AuthUser,
    @Body() body: UpdateDoctorProfileRequest,
  ): Promise<MyDoctorProfileDto> {
    return this.doctors.updateProfile(me, body);
  }

  @Put('me/photo')
  @UseInterceptors(PhotoUploadInterceptor)
  @Endpoint('Replace the profile photo (JPEG, PNG or WebP, at most 2 MB)', { ok: MyDoctorProfileDto, errors: [400, 413, 415] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['photo'], properties: { photo: { type: 'string', format: 'binary' } } },
  })
  uploadMyDoctorPhoto(
    @CurrentUser() me: AuthUser,
    @UploadedFile() photo: UploadedBlob | undefined,
  ): Promise<MyDoctorProfileDto> {
    return this.doctors.setPhoto(me, photo);
  }

  @Get('me/photo')
  @Header('Cache-Control', 'private, no-cache')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', PHOTO_CSP)
  @Endpoint('The signed-in doctor’s own photo, also while the application is pending (the public one is not)', { ok: { schema: { type: 'string', format: 'binary' } }, errors: [401, 403, 404] })
  @ApiProduces('image/*')
  async getMyDoctorPhoto(@CurrentUser() me: AuthUser): Promise<StreamableFile> {
    const photo = await this.doctors.openPhoto(me.id, 'own');
    return new StreamableFile(photo.stream, { type: photo.type, length: photo.size });
  }

  @Delete('me/photo')
  @Endpoint('Remove the profile photo', { ok: MyDoctorProfileDto })
  deleteMyDoctorPhoto(@CurrentUser() me: AuthUser): Promise<MyDoctorProfileDto> {
    return this.doctors.removePhoto(me);
  }

  @Get('me/availability')
  @Endpoint('Weekly hours, slot length and auto-approval', { ok: AvailabilityDto })
  getMyAvailability(@CurrentUser() me: AuthUser): Promise<AvailabilityDto> {
    return this.availability.availability(me);
  }

  @Put('me/availability')
  @Endpoint('Replace the weekly hours; 422 when a window lies outside the clinic’s working hours', { ok: AvailabilityDto, errors: [400, 422] })
  updateMyAvailability(@CurrentUser() me: AuthUser, @Body() body: UpdateAvailabilityRequest): Promise<AvailabilityDto> {
    return this.availability.setAvailability(me, body);
  }

  @Get('me/time-off')
  @Endpoint('Current and upcoming time off, soonest first', { ok: [TimeOffDto] })
  listMyTimeOff(@CurrentUser() me: AuthUser): Promise<TimeOffDto[]> {
    return this.availability.listTimeOff(me);
  }

  @Post('me/time-off')
  @Endpoint('Block a span of time; its slots disappear', { created: TimeOffDto, errors: [400] })
  createTimeOff(@CurrentUser() me: AuthUser, @Body() body: CreateTimeOffRequest): Promise<TimeOffDto> {
    return this.availability.addTimeOff(me, body);
  }

  @Delete('me/time-off/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Endpoint('Remove time off', { noContent: true, errors: [404] })
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
  @Header('Content-Security-Policy', PHOTO_CSP)
  @Endpoint('A doctor’s uploaded photo (the URL changes with the photo)', { ok: { schema: { type: 'string', format: 'binary' } }, errors: [404] })
  @ApiProduces('image/*')
  async getDoctorPhoto(@Param('id', uuid) id: string): Promise<StreamableFile> {
    const photo = await this.doctors.openPhoto(id, 'public');
    return new StreamableFile(photo.stream, { type: photo.type, length: photo.size });
  }
}
