import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import {
  DELIVERY_CHANNELS,
  DELIVERY_STATUSES,
  NOTIFICATION_KINDS,
  type DeliveryChannel,
  type DeliveryStatus,
  type NotificationItem,
  type NotificationKind,
  type NotificationPreferences,
  type NotificationPreferencesView,
} from '@carebook/shared';
import { PageQuery } from '../../../common/dto/pagination.dto';
import { IsInstant } from '../../../common/is-instant.decorator';
import { OptionalNotNull } from '../../../common/decorators/optional-not-null.decorator';

export class NotificationDto implements NotificationItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' }) type!: NotificationKind;
  @ApiProperty({ example: 'Appointment confirmed: Dr Amara Okafor, Mon 7 Dec 09:00' }) title!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ type: String, nullable: true, example: '/appointments/6b1f…' }) link!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt!: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'All unread notifications of the caller, whatever the page' }) unreadCount!: number;
}

export class UnreadCountDto {
  @ApiProperty() unreadCount!: number;
}

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only unread ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  unread?: boolean;
}

export class ReadAllRequest {
  @ApiPropertyOptional({ format: 'date-time', description: 'Mark only notifications created at or before this instant' })
  @OptionalNotNull()
  @IsInstant()
  upTo?: string;
}

export class EmailPreferencesDto {
  @ApiProperty() @IsBoolean() appointments!: boolean;
  @ApiProperty() @IsBoolean() reminders!: boolean;
  @ApiProperty() @IsBoolean() messages!: boolean;
}

export class SmsPreferencesDto {
  @ApiProperty() @IsBoolean() appointments!: boolean;
  @ApiProperty() @IsBoolean() reminders!: boolean;
}

// ValidateNested alone lets a missing object through (and the service would read a field of undefined).
export class NotificationPreferencesDto implements NotificationPreferences {
  @ApiProperty({ type: EmailPreferencesDto })
  @ValidateNested()
  @IsObject({ message: 'must be an object' })
  @Type(() => EmailPreferencesDto)
  email!: EmailPreferencesDto;

  @ApiProperty({ type: SmsPreferencesDto })
  @ValidateNested()
  @IsObject({ message: 'must be an object' })
  @Type(() => SmsPreferencesDto)
  sms!: SmsPreferencesDto;
}

export class NotificationPreferencesViewDto extends NotificationPreferencesDto implements NotificationPreferencesView {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '+442079460018',
    description: 'Where text messages go, in E.164; null when none can be sent (no phone number, or one without its country code)',
  })
  smsNumber!: string | null;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DELIVERY_CHANNELS, enumName: 'DeliveryChannel' }) channel!: DeliveryChannel;
  @ApiProperty({ description: 'Email address or phone number' }) to!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' }) kind!: NotificationKind;
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' }) status!: DeliveryStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
}

export class DeliveryAttachmentDto {
  @ApiProperty() filename!: string;
  @ApiProperty() contentType!: string;
  @ApiProperty() size!: number;
}

export class DeliveryDetailDto extends DeliveryDto {
  @ApiProperty({ description: 'The plain-text part (the whole message for an SMS)' }) text!: string;
  @ApiProperty({ type: String, nullable: true, description: 'The HTML part of an email' }) html!: string | null;
  @ApiProperty({ type: [DeliveryAttachmentDto] }) attachments!: DeliveryAttachmentDto[];
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryDto] }) items!: DeliveryDto[];
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'True when no SMTP server is configured: emails are kept here (the development mailbox)' })
  mailboxEmail!: boolean;
  @ApiProperty({ description: 'True when SMS_PROVIDER is none: text messages are kept here' })
  mailboxSms!: boolean;
}

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: DELIVERY_CHANNELS, enumName: 'DeliveryChannel' })
  @IsOptional()
  @IsIn(DELIVERY_CHANNELS)
  channel?: DeliveryChannel;

  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS, enumName: 'NotificationKind' })
  @IsOptional()
  @IsIn(NOTIFICATION_KINDS)
  kind?: NotificationKind;

  @ApiPropertyOptional({ description: 'Part of the recipient address or number' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  to?: string;
}
