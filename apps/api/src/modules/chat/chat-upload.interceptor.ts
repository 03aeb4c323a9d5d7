import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isUUID } from 'class-validator';
import type { Observable } from 'rxjs';
import type { AuthUser } from '../../common/auth-user';
import { multipartReader } from '../../common/uploads/accept-upload';
import { AppConfig } from '../../config/app-config';
import { ChatService } from './chat.service';

/**
 * Reads the multipart field `file` (one file, within UPLOAD_MAX_MB like appointment files) and an optional
 * `clientId` field. Someone who is not in the conversation is refused (404) before the body is read.
 */
@Injectable()
export class ChatUploadInterceptor implements NestInterceptor {
  private readonly read: ReturnType<typeof multipartReader>;

  constructor(
    config: AppConfig,
    private readonly chat: ChatService,
  ) {
    this.read = multipartReader({ field: 'file', maxFiles: 1, maxBytes: config.uploadMaxBytes, textFields: 1 });
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & { user?: AuthUser }>();
    const id = request.params['id'];
    if (request.user && typeof id === 'string' && isUUID(id)) await this.chat.requireParticipant(request.user, id);
    await this.read(request, http.getResponse<Response>());
    return next.handle();
  }
}
