import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, Min, MinLength, Max } from 'class-validator';
import { CHAT_LIMITS, CONSULTATION_LIMITS, CONSULTATION_STATUSES, type ConsultationStatus } from '@carebook/shared';
import { PageQuery } from '../../../common/dto/pagination.dto';
import { IsTrimmedText } from '../../../common/decorators/field.decorators';
import { OptionalNotNull } from '../../../common/decorators/optional-not-null.decorator';
import { trim } from '../../../common/transforms';

const L = CHAT_LIMITS;

@ApiSchema({ name: 'ChatPerson' })
export class ChatPersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Doctors only: their photo' }) photoUrl!: string | null;
}

export class MessageAttachmentDto {
  @ApiProperty() fileName!: string;
  @ApiProperty({ example: 'image/png' }) contentType!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({ description: 'Where the participants download it (signed in)', example: '/api/conversations/…/attachments/…' }) url!: string;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ description: 'Increases by one per conversation and defines the order' }) seq!: number;
  @ApiProperty({ format: 'uuid' }) senderId!: string;
  @ApiProperty({ description: 'Plain text (never HTML); empty for an attachment without words' }) body!: string;
  @ApiProperty({ description: 'The sender’s own id for this message; resending it returns this message' }) clientId!: string;
  @ApiProperty({ type: MessageAttachmentDto, nullable: true }) attachment!: MessageAttachmentDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the other participant read it' }) readAt!: string | null;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ChatPersonDto }) patient!: ChatPersonDto;
  @ApiProperty({ type: ChatPersonDto }) doctor!: ChatPersonDto;
  @ApiProperty({ type: MessageDto, nullable: true }) lastMessage!: MessageDto | null;
  @ApiProperty({ description: 'Messages of the other participant the caller has not read' }) unreadCount!: number;
  @ApiProperty({ description: 'The seq of the newest message (0: none yet)' }) lastSeq!: number;
  @ApiProperty({ description: 'Largest attachment the clinic accepts, in bytes (as for appointment files)' }) maxFileBytes!: number;
}

export class ConversationPage {
  @ApiProperty({ type: [ConversationDto] }) items!: ConversationDto[];
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Unread messages across all the caller’s conversations' }) unreadCount!: number;
}

export class MessagePage {
  @ApiProperty({ type: [MessageDto], description: 'Oldest first' }) items!: MessageDto[];
  @ApiProperty({ description: 'Whether more messages lie beyond this page (older with `before` or none given, newer with `after`)' }) hasMore!: boolean;
}

export class OpenConversationRequest {
  @ApiProperty({ format: 'uuid', description: 'The doctor (for a patient) or the patient (for a doctor)' })
  @IsUUID('all', { message: 'must be a user id' })
  participantId!: string;
}

export class ListConversationsQuery extends PageQuery {}

export class ListMessagesQuery {
  @ApiPropertyOptional({ description: 'Messages before this seq (older history), newest page first' })
  @Min(1)
  @IsInt()
  @Type(() => Number)
  @IsOptional()
  before?: number;

  @ApiPropertyOptional({ description: 'Messages after this seq (catch-up after a reconnect), oldest first', minimum: 0 })
  @Min(0)
  @IsInt()
  @Type(() => Number)
  @IsOptional()
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: L.page.max, default: L.page.default })
  @Max(L.page.max)
  @Min(1)
  @IsInt()
  @Type(() => Number)
  @IsOptional()
  limit: number = L.page.default;
}

export class SendMessageRequest {
  @ApiProperty({ maxLength: L.body.max, description: 'Plain text' })
  @MaxLength(L.body.max, { message: `must be at most ${L.body.max} characters` })
  @MinLength(1, { message: 'must not be empty' })
  @Transform(trim)
  @IsString()
  body!: string;

  @ApiProperty({ minLength: L.clientId.min, maxLength: L.clientId.max, description: 'Chosen by the client, unique per sender (a UUID)' })
  @Length(L.clientId.min, L.clientId.max, { message: `must be ${L.clientId.min}–${L.clientId.max} characters` })
  @IsString()
  clientId!: string;
}

/** `message:send` over the socket: a REST send plus the conversation. */
export class SocketSendMessage extends SendMessageRequest {
  @IsUUID('all', { message: 'must be a conversation id' })
  conversationId!: string;
}

export class ReadReceiptRequest {
  @ApiProperty({ minimum: 0, description: 'Every message of the other participant up to this seq is read' })
  @Min(0)
  @IsInt()
  upToSeq!: number;
}

export class SocketReadReceipt extends ReadReceiptRequest {
  @IsUUID('all', { message: 'must be a conversation id' })
  conversationId!: string;
}

export class SocketTyping {
  @IsUUID('all', { message: 'must be a conversation id' })
  conversationId!: string;
}

export class ReadReceiptDto {
  @ApiProperty() upToSeq!: number;
  @ApiProperty({ description: 'The caller’s unread messages left in this conversation' }) unreadCount!: number;
}

// Instant consultations

export class RequestConsultationRequest {
  @IsTrimmedText(CONSULTATION_LIMITS.reason, { example: 'Rash on my arm since yesterday' })
  reason!: string;

  @ApiPropertyOptional({ maxLength: 100, description: 'Only doctors of this specialty (a name from /api/specialties)' })
  @MaxLength(100)
  @MinLength(1)
  @Transform(trim)
  @IsString()
  @OptionalNotNull()
  specialty?: string;
}

export class ConsultationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CONSULTATION_STATUSES, enumName: 'ConsultationStatus' }) status!: ConsultationStatus;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, nullable: true }) specialty!: string | null;
  @ApiPropertyOptional({ description: 'While waiting: 1 is next' }) position?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'While waiting: null when no doctor is available now' })
  estimatedWaitMinutes?: number | null;
  @ApiPropertyOptional({ type: ChatPersonDto }) doctor?: ChatPersonDto;
  @ApiProperty({ type: ChatPersonDto }) patient!: ChatPersonDto;
  @ApiPropertyOptional({ format: 'uuid', description: 'The pair’s conversation, once assigned' }) conversationId?: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) assignedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
}

export class AvailabilityRequest {
  @ApiProperty()
  @IsBoolean({ message: 'must be true or false' })
  available!: boolean;
}

export class AvailabilityDto {
  @ApiProperty() available!: boolean;
}

export class QueueEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() position!: number;
  @ApiProperty({ type: String, nullable: true }) specialty!: string | null;
  @ApiProperty({ format: 'date-time' }) waitingSince!: string;
}

export class AvailableDoctorDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
  @ApiProperty() specialty!: string;
  @ApiProperty({ description: 'In a consultation now' }) busy!: boolean;
}

export class ConsultationQueueDto {
  @ApiProperty({ type: [QueueEntryDto] }) waiting!: QueueEntryDto[];
  @ApiProperty({ type: [AvailableDoctorDto] }) doctors!: AvailableDoctorDto[];
}
