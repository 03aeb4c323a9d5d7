import { type CallHandler, type ExecutionContext, type HttpException, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import { isUUID } from 'class-validator';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { APPOINTMENT_LIMITS } from '@carebook/shared';
import { fieldException } from '../../common/exceptions';
import { AppConfig } from '../../config/app-config';
import type { AuthUser } from '../../common/auth-user';
import { AppointmentFilesService } from './appointment-files.service';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * Reads the multipart field `files` (several files) into memory within the configured per-file limit,
 * turning multer's limit errors into field-level 4xx answers. Whoever may not attach files to the
 * appointment is refused first, so their upload is discarded unread instead of being held in memory.
 */
@Injectable()
export class AppointmentUploadInterceptor implements NestInterceptor {
  private readonly upload: RequestHandler;

  constructor(
    private readonly config: AppConfig,
    private readonly files: AppointmentFilesService,
  ) {
    this.upload = multer({
      storage: multer.memoryStorage(),
      // Browsers send file names as raw UTF-8; busboy's default (latin1) would garble "Résumé.pdf".
      defParamCharset: 'utf8',
      limits: { fileSize: config.uploadMaxBytes, files: APPOINTMENT_LIMITS.filesPerUpload, fields: 0, parts: APPOINTMENT_LIMITS.filesPerUpload },
    }).array('files', APPOINTMENT_LIMITS.filesPerUpload);
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: AuthUser }>();
    const id = request.params['id'];
    // A malformed id is left to the route's own validation (404).
    if (request.user && typeof id === 'string' && isUUID(id)) await this.files.requireAttachable(request.user, id);
    await new Promise<void>((resolve, reject) => {
      this.upload(request, http.getResponse<Response>(), (error: unknown) =>
        error ? reject(this.refusal(error)) : resolve(),
      );
    });
    return next.handle();
  }

  private refusal(error: unknown): HttpException {
    if (!(error instanceof multer.MulterError)) {
      return fieldException(HttpStatus.BAD_REQUEST, 'files', 'must be sent as multipart/form-data', 'The upload could not be read');
    }
    switch (error.code) {
      case 'LIMIT_FILE_SIZE':
        return fieldException(
          HttpStatus.PAYLOAD_TOO_LARGE,
          'files',
          `must each be at most ${megabytes(this.config.uploadMaxBytes)}`,
          `A file is larger than ${megabytes(this.config.uploadMaxBytes)}`,
        );
      case 'LIMIT_FILE_COUNT':
      case 'LIMIT_PART_COUNT':
        return fieldException(HttpStatus.BAD_REQUEST, 'files', `must be at most ${APPOINTMENT_LIMITS.filesPerUpload} at once`);
      default:
        return fieldException(HttpStatus.BAD_REQUEST, 'files', 'must be the only field of the form, holding the files');
    }
  }
}
