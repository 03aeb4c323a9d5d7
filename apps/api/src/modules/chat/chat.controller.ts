import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../../common/auth-user';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { RequestId } from '../../common/decorators/request-id.decorator';
import { Roles } from '../../common/decorators/roles.decorator';
import { uuid } from '../../common/pipes/uuid-param.pipe';
import { attachmentDisposition } from '../../common/uploads/content-disposition';
import type { UploadedBlob } from '../../common/uploads/content-type';
import { ChatUploadInterceptor } from './chat-upload.interceptor';
import { ChatService } from './chat.service';
import { ConsultationsService } from './consultations.service';
import {
  AvailabilityDto,
  AvailabilityRequest,
  ConsultationDto,
  ConsultationQueueDto,
  ConversationDto,
  ConversationPage,
  ListConversationsQuery,
  ListMessagesQuery,
  MessageDto,
  MessagePage,
  OpenConversationRequest,
  ReadReceiptDto,
  ReadReceiptRequest,
  RequestConsultationRequest,
  SendMessageRequest,
} from './dto/chat.dto';

/**
 * Conversations between a patient and a doctor. Only the two participants see one; anyone else gets 404.
 * The socket (`message:send`, `message:read`, `typing`) does the same work for clients that hold one.
 */
@ApiTags('conversations')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly chat: ChatService) {}

  @Get()
  @Endpoint('The caller’s conversations, most recent first, with unread counts', { ok: ConversationPage, errors: [400] })
  listConversations(@CurrentUser() me: AuthUser, @Query() query: ListConversationsQuery): Promise<ConversationPage> {
    return this.chat.list(me, query);
  }

  @Post()
  @Roles('patient', 'doctor')
  @Endpoint('Open the conversation with a doctor or patient you have an appointment or consultation with (200 when it exists)', {
    created: ConversationDto,
    errors: [400, 403],
  })
  @ApiOkResponse({ type: ConversationDto, description: 'The pair’s existing conversation' })
  async openConversation(@CurrentUser() me: AuthUser, @Body() body: OpenConversationRequest, @Res({ passthrough: true }) res: Response): Promise<ConversationDto> {
    const { conversation, created } = await this.chat.open(me, body.participantId);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return conversation;
  }

  @Get(':id')
  @Endpoint('One conversation, as the list shows it', { ok: ConversationDto, errors: [404] })
  getConversation(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<ConversationDto> {
    return this.chat.conversation(me, id);
  }

  @Get(':id/messages')
  @Endpoint('Messages in seq order: the newest page, older ones (`before`) or those after a seq (`after`, catch-up); each page read is audited', {
    ok: MessagePage,
    errors: [400, 404],
  })
  listMessages(@CurrentUser() me: AuthUser, @RequestId() requestId: string, @Param('id', uuid) id: string, @Query() query: ListMessagesQuery): Promise<MessagePage> {
    return this.chat.messages({ actor: me, requestId }, id, query);
  }

  @Post(':id/messages')
  @Endpoint('Send a text message (201); the same clientId again answers the stored message (200), never a second one', {
    created: MessageDto,
    errors: [400, 404, 409],
  })
  @ApiOkResponse({ type: MessageDto, description: 'This clientId was sent before: the stored message' })
  async sendMessage(
    @CurrentUser() me: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: SendMessageRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageDto> {
    const { message, created } = await this.chat.send(me, id, body);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }

  @Post(':id/attachments')
  @UseInterceptors(ChatUploadInterceptor)
  @Endpoint('Send a file (PDF, images, DICOM; type judged by content, size limited by UPLOAD_MAX_MB) as a message', {
    created: MessageDto,
    errors: [400, 404, 409, 413, 415],
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary' }, clientId: { type: 'string', maxLength: 64 } },
    },
  })
  async sendAttachment(
    @CurrentUser() me: AuthUser,
    @Param('id', uuid) id: string,
    @UploadedFile() file: UploadedBlob | undefined,
    @Body() body: { clientId?: string } | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MessageDto> {
    const { message, created } = await this.chat.attach(me, id, file, typeof body?.clientId === 'string' ? body.clientId : undefined);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }

  @Get(':id/attachments/:messageId')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'private, no-store')
  @Endpoint('Download a message’s attachment (audited)', { ok: { schema: { type: 'string', format: 'binary' } }, errors: [404] })
  @ApiProduces('application/octet-stream')
  async downloadAttachment(
    @CurrentUser() me: AuthUser,
    @RequestId() requestId: string,
    @Param('id', uuid) id: string,
    @Param('messageId', uuid) messageId: string,
  ): Promise<StreamableFile> {
    const file = await this.chat.openAttachment({ actor: me, requestId }, id, messageId);
    return new StreamableFile(file.stream, { type: file.type, length: file.size, disposition: attachmentDisposition(file.name) });
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @Endpoint('Read receipt: the other participant’s messages up to upToSeq are read', { ok: ReadReceiptDto, errors: [400, 404] })
  readConversation(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string, @Body() body: ReadReceiptRequest): Promise<ReadReceiptDto> {
    return this.chat.read(me, id, body.upToSeq);
  }
}

/**
 * Instant consultations: a patient asks, waits first come first served, and is assigned a free available
 * doctor; they talk in the pair's conversation.
 */
@ApiTags('consultations')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('consultations')
export class ConsultationsController {
  constructor(private readonly consultations: ConsultationsService) {}

  @Post()
  @Roles('patient')
  @Endpoint('Ask for an instant consultation: assigned a free doctor at once, or queued (one open consultation at a time)', {
    created: ConsultationDto,
    errors: [400, 409],
  })
  requestConsultation(@CurrentUser() me: AuthUser, @Body() body: RequestConsultationRequest): Promise<ConsultationDto> {
    return this.consultations.request(me, body);
  }

  @Get('current')
  @Roles('patient', 'doctor')
  @Endpoint('The caller’s open consultation (waiting or assigned); 204 when there is none', { ok: ConsultationDto })
  @ApiNoContentResponse({ description: 'No open consultation' })
  async getCurrentConsultation(@CurrentUser() me: AuthUser, @Res({ passthrough: true }) res: Response): Promise<ConsultationDto | undefined> {
    const current = await this.consultations.current(me);
    if (!current) res.status(HttpStatus.NO_CONTENT);
    return current ?? undefined;
  }

  @Get('availability')
  @Roles('doctor')
  @Endpoint('Whether the doctor takes instant consultations now', { ok: AvailabilityDto })
  getConsultationAvailability(@CurrentUser() me: AuthUser): Promise<AvailabilityDto> {
    return this.consultations.availability(me);
  }

  @Put('availability')
  @Roles('doctor')
  @Endpoint('Take instant consultations now, or stop; while on, the portal’s heartbeat keeps it on (2 minutes silent: off)', {
    ok: AvailabilityDto,
    errors: [400],
  })
  setConsultationAvailability(@CurrentUser() me: AuthUser, @Body() body: AvailabilityRequest): Promise<AvailabilityDto> {
    return this.consultations.setAvailability(me, body.available);
  }

  @Get('queue')
  @Roles('doctor', 'admin')
  @Endpoint('Waiting patients (position, specialty, waiting since) and the doctors available now', { ok: ConsultationQueueDto })
  getConsultationQueue(): Promise<ConsultationQueueDto> {
    return this.consultations.queue();
  }

  @Post(':id/leave')
  @Roles('patient')
  @HttpCode(HttpStatus.OK)
  @Endpoint('Leave the queue, or end the consultation from the patient’s side', { ok: ConsultationDto, errors: [404, 409] })
  leaveConsultation(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<ConsultationDto> {
    return this.consultations.leave(me, id);
  }

  @Post(':id/end')
  @Roles('doctor')
  @HttpCode(HttpStatus.OK)
  @Endpoint('End the consultation; the next waiting patient who fits is assigned', { ok: ConsultationDto, errors: [404, 409] })
  endConsultation(@CurrentUser() me: AuthUser, @Param('id', uuid) id: string): Promise<ConsultationDto> {
    return this.consultations.end(me, id);
  }
}
