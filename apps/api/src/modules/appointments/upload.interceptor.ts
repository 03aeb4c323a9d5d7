import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import type { Observable } from 'rxjs';
import { APPOINTMENT_LIMITS } from '@carebook/shared';
import { multipartReader } from '../../common/uploads/accept-upload';
import { AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth-user';
import { AppointmentFilesService } from './appointment-files.service';

/**
 * Reads the multipart field `files` (several files) into memory within the configured per-file limit,
 * turning multer's limit errors into field-level 4xx answers. Whoever may not attach files to the
 * appointment is refused first, so their upload is discarded unread instead of being held in memory.
 */
@Injectable()
export class AppointmentUploadInterceptor implements NestInterceptor {
  private readonly read: ReturnType<typeof multipartReader>;

  constructor(
    config: AppConfig,
    private readonly files: AppointmentFilesService,
  ) {
    this.read = multipartReader({ field: 'files', maxFiles: APPOINTMENT_LIMITS.filesPerUpload, maxBytes: config.uploadMaxBytes });
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: AuthUser }>();
    const id = request.params['id'];
    // A malformed id is left to the route's own validation (404).
    if (request.user && typeof id === 'string' && isUUID(id)) await this.files.requireAttachable(request.user, id);
    await this.read(request, http.getResponse<Response>());
    return next.handle();
  }
}
