import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query, Req, ForbiddenException } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthUser } from '../../common/auth-user';
import { AppConfig } from '../../config/app-config';
import {
  ListNotificationsQuery,
  NotificationPage,
  NotificationPreferencesDto,
  NotificationPreferencesViewDto,
  ReadAllRequest,
  UnreadCountDto,
} from './dto/notifications.dto';
import { NotificationsService } from './notifications.service';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** The caller's own notifications (the bell) and notification preferences; every signed-in role. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly service: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiBearerAuth()
  @Endpoint('My notifications, newest first, with my unread count', { ok: NotificationPage, errors: [400, 401] })
  listNotifications(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery): Promise<NotificationPage> {
    return this.service.list(user, query);
  }

  @Post('read-all')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @Endpoint('Mark all my notifications read (only those created up to `upTo`, when given)', { ok: UnreadCountDto, errors: [400, 401] })
  async readAllNotifications(@CurrentUser() user: AuthUser, @Body() body: ReadAllRequest): Promise<UnreadCountDto> {
    return { unreadCount: await this.service.markAllRead(user, body.upTo) };
  }

  @Get('preferences')
  @ApiBearerAuth()
  @Endpoint('Which notifications I want by email and by SMS', { ok: NotificationPreferencesViewDto, errors: [401] })
  getNotificationPreferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesViewDto> {
    return this.service.preferences(user);
  }

  @Put('preferences')
  @ApiBearerAuth()
  @Endpoint('Change which notifications I want by email and by SMS (security emails are always sent)', { ok: NotificationPreferencesViewDto, errors: [400, 401] })
  putNotificationPreferences(@CurrentUser() user: AuthUser, @Body() body: NotificationPreferencesDto): Promise<NotificationPreferencesViewDto> {
    return this.service.savePreferences(user, body);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @Endpoint('Mark one of my notifications read', { ok: UnreadCountDto, errors: [401, 404] })
  async readNotification(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<UnreadCountDto> {
    return { unreadCount: await this.service.markRead(user, id) };
  }

  /** Twilio's signed status callback (form-encoded); not part of the client API. */
  @Public()
  @Post('sms-status')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiExcludeEndpoint()
  @ApiNoContentResponse()
  async smsStatus(@Req() request: Request, @Headers('x-twilio-signature') signature: string | undefined): Promise<void> {
    const params = Object.fromEntries(Object.entries((request.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const ok = await this.service.smsStatus(signature, `${this.config.publicUrl}/api/notifications/sms-status`, params);
    if (!ok) throw new ForbiddenException('The signature does not match');
  }
}
