import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Observable } from 'rxjs';
import { multipartReader } from '../../common/uploads/accept-upload';
import { PHOTO_MAX_BYTES } from './doctors.service';

/**
 * Reads the multipart field `photo` (one file, at most PHOTO_MAX_BYTES) into memory through the shared reader,
 * so a body that is not multipart/form-data, a file too large or one in another field is a 4xx naming `photo`
 * (Nest's FileInterceptor let busboy's own errors through as 500s). The service judges the image type.
 */
@Injectable()
export class PhotoUploadInterceptor implements NestInterceptor {
  private readonly read = multipartReader({ field: 'photo', maxFiles: 1, maxBytes: PHOTO_MAX_BYTES });

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await this.read(http.getRequest<Request>(), http.getResponse<Response>());
    return next.handle();
  }
}
