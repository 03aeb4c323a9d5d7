import {
  applyDecorators,
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  StreamableFile,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { RequestId } from '../../common/decorators/request-id.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { uuid } from '../../common/pipes/uuid-param.pipe';
import { attachmentDisposition } from '../../common/uploads/content-disposition';
import type { UploadedBlob } from '../../common/uploads/content-type';
import { AppointmentDetailsService } from './appointment-details.service';
import { AppointmentFilesService } from './appointment-files.service';
import { AppointmentsService } from './appointments.service';
import {
  AppointmentDetailDto,
  AppointmentDto,
  AppointmentFileDto,
  AppointmentFileQuery,
  AppointmentPage,
  BookAppointmentRequest,
  ListAppointmentsQuery,
  RescheduleRequest,
  StatusReasonRequest,
} from './dto/appointments.dto';
import { AppointmentUploadInterceptor } from './upload.interceptor';

/** A text document of one appointment to download (GET /appointments/<path>), never cached, produced as `produces`. */
function AppointmentDownload(path: string, summary: string, produces: string): MethodDecorator {
  // In the order stacked decorators are applied: the bottom one first.
  return applyDecorators(
    ApiProduces(produces),
    Endpoint(summary, { ok: { schema: { type: 'string' } }, errors: [404] }),
    Header('Cache-Control', 'private, no-store'),
    Get(path),
  );
}

/** A text document as a download of this type (with its charset). */
function textDownload({ text, fileName }: { text: string; fileName: string }, type: string): StreamableFile {
  return new StreamableFile(Buffer.from(text), { type, disposition: attachmentDisposition(fileName) });
}

/** A change to one appointment that answers it as it now is: POST /appointments/:id/<action>, 200. */
function AppointmentAction(path: string, summary: string, errors: number[]): MethodDecorator {
  // In the order stacked decorators are applied: the bottom one first.
  return applyDecorators(Endpoint(summary, { ok: AppointmentDto, errors }), HttpCode(HttpStatus.OK), Post(path));
}

/**
 * Booking and the appointment lifecycle. Everyone signed in reaches it; what they see and may do is
 * decided per appointment: its patient, its doctor and admins. Anyone else gets 404, as if it did not exist.
 */
@ApiTags('appointments')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('appointments')
export class AppointmentsController {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly details: AppointmentDetailsService,
    private readonly files: AppointmentFilesService,
  ) {}

  @Post()
  @Roles('patient')
  @Endpoint('Book one of a doctor’s free slots (pending, or confirmed when the doctor auto-approves)', { created: AppointmentDto, errors: [400, 403, 409, 422] })
  bookAppointment(@CurrentUser() me: AuthUser, @Body() body: BookAppointmentRequest): Promise<AppointmentDto> {
    return this.appointments.book(me, body);
  }

  @Get()
  @Endpoint('Appointments: a patient’s own, a doctor’s own, or (admins) all; filtered and paged', { ok: AppointmentPage, errors: [400] })
  listAppointments(@CurrentUser() me: AuthUser, @Query() query: ListAppointmentsQuery): Promise<AppointmentPage> {
    return this.appointments.list(me, query);
  }

  @Get(':id')
  @Endpoint('One appointment with its files and status history', { ok: AppointmentDetailDto, errors: [404] })
  getAppointment(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<AppointmentDetailDto> {
    return this.details.detail(id, me);
  }

  @AppointmentAction(':id/approve', 'Confirm a pending request (its doctor or an admin)', [403, 404, 409])
  @Roles('doctor', 'admin')
  approveAppointment(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<AppointmentDto> {
    return this.appointments.transition(me, id, 'approve');
  }

  @AppointmentAction(':id/decline', 'Decline a pending request, optionally saying why', [400, 403, 404, 409])
  @Roles('doctor', 'admin')
  declineAppointment(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string, @Body() body: StatusReasonRequest): Promise<AppointmentDto> {
    return this.appointments.transition(me, id, 'decline', body.reason);
  }

  @AppointmentAction(':id/cancel', 'Cancel a pending or confirmed appointment; patients cannot inside the cancellation window (422)', [400, 404, 409, 422])
  cancelAppointment(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string, @Body() body: StatusReasonRequest): Promise<AppointmentDto> {
    return this.appointments.transition(me, id, 'cancel', body.reason);
  }

  @AppointmentAction(':id/reschedule', 'Move to another free slot of the same doctor; same rules as booking, same appointment and history', [400, 404, 409, 422])
  rescheduleAppointment(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string, @Body() body: RescheduleRequest): Promise<AppointmentDto> {
    return this.appointments.reschedule(me, id, body.startsAt);
  }

  @AppointmentAction(':id/complete', 'Mark a confirmed appointment completed, once it has started', [403, 404, 409])
  @Roles('doctor', 'admin')
  completeAppointment(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<AppointmentDto> {
    return this.appointments.transition(me, id, 'complete');
  }

  @AppointmentAction(':id/no-show', 'Mark that the patient did not come, once it has started', [403, 404, 409])
  @Roles('doctor', 'admin')
  markAppointmentNoShow(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<AppointmentDto> {
    return this.appointments.transition(me, id, 'no_show');
  }

  @Post(':id/files')
  @Roles('patient', 'doctor')
  @UseInterceptors(AppointmentUploadInterceptor)
  @Endpoint('Attach files (PDF, images, DICOM; type judged by content, size limited by UPLOAD_MAX_MB); all or none', { created: [AppointmentFileDto], errors: [400, 403, 404, 409, 413, 415, 422] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['files'],
      properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } },
    },
  })
  uploadAppointmentFiles(
    @CurrentUser() me: AuthUser,
    @RequestId() requestId: string,
    @Param('id', uuid) id: string,
    @UploadedFiles() files: UploadedBlob[] | undefined,
  ): Promise<AppointmentFileDto[]> {
    return this.files.upload({ actor: me, requestId }, id, files);
  }

  @Get(':id/files/:fileId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @Endpoint('Download an attached file (its patient and doctor; admins with a reason, break-glass); audited', {
    ok: { schema: { type: 'string', format: 'binary' } },
    errors: [400, 404],
  })
  @ApiProduces('application/octet-stream')
  async downloadAppointmentFile(
    @CurrentUser() me: AuthUser,
    @RequestId() requestId: string,
    @Param('id', uuid) id: string,
    @Param('fileId', uuid) fileId: string,
    @Query() query: AppointmentFileQuery,
  ): Promise<StreamableFile> {
    const file = await this.files.open({ actor: me, requestId, reason: query.reason }, id, fileId);
    return new StreamableFile(file.stream, { type: file.type, length: file.size, disposition: attachmentDisposition(file.name) });
  }

  @AppointmentDownload(':id/summary.txt', 'A plain-text summary of the appointment to keep', 'text/plain')
  async downloadAppointmentSummary(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<StreamableFile> {
    return textDownload(await this.details.summary(id, me), 'text/plain; charset=utf-8');
  }

  @AppointmentDownload(':id/calendar.ics', 'The appointment as an iCalendar event (Google, Outlook, Apple)', 'text/calendar')
  async downloadAppointmentCalendar(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<StreamableFile> {
    return textDownload(await this.details.calendar(id, me), 'text/calendar; charset=utf-8; method=PUBLISH');
  }
}
