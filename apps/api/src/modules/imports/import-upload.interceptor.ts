import { type CallHandler, type ExecutionContext, type HttpException, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { fieldException } from '../../common/exceptions';
import { AppConfig } from '../../config/app-config';

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The upload as multer's disk storage hands it over: written to a temporary file the import reads and removes. */
export interface UploadedImportFile {
  path: string;
  size: number;
  originalname: string;
}

/**
 * Writes the multipart field `file` (one file, within IMPORT_MAX_MB) to a temporary file as it arrives (never
 * the whole file in memory), turning multer's errors into field-level 4xx answers (multer removes a partial
 * file). It runs after the guards, so only an admin's upload is ever read.
 */
@Injectable()
export class ImportUploadInterceptor implements NestInterceptor {
  private readonly upload: RequestHandler;

  constructor(private readonly config: AppConfig) {
    this.upload = multer({
      // The system's temporary directory, under a random name.
      storage: multer.diskStorage({}),
      defParamCharset: 'utf8',
      limits: { fileSize: config.importMaxBytes, files: 1, fields: 0, parts: 1 },
    }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) => {
      this.upload(http.getRequest<Request>(), http.getResponse<Response>(), (error: unknown) => (error ? reject(this.refusal(error)) : resolve()));
    });
    return next.handle();
  }

  private refusal(error: unknown): HttpException {
    if (!(error instanceof multer.MulterError)) {
      return fieldException(HttpStatus.BAD_REQUEST, 'file', 'must be sent as multipart/form-data', 'The upload could not be read');
    }
    if (error.code === 'LIMIT_FILE_SIZE') {
      const limit = megabytes(this.config.importMaxBytes);
      return fieldException(HttpStatus.PAYLOAD_TOO_LARGE, 'file', `must be at most ${limit}`, `The file is larger than ${limit}`);
    }
    return fieldException(HttpStatus.BAD_REQUEST, 'file', 'must be the only field of the form, holding one file');
  }
}
