import { Module } from '@nestjs/common';
import { AppointmentsModule } from '../appointments/appointments.module';
import { AuditModule } from '../audit/audit.module';
import { DoctorsModule } from '../doctors/doctors.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { ConsultationsController, ConversationsController } from './chat.controller';
import { ChatGateway } from './chat.gateway';
import { MessageNoticeJob, PresenceJob } from './chat.jobs';
import { ChatRepository } from './chat.repository';
import { ChatService } from './chat.service';
import { ChatUploadInterceptor } from './chat-upload.interceptor';
import { ConsultationsRepository } from './consultations.repository';
import { ConsultationsService } from './consultations.service';
import { MessageBodyCodec } from './message-body';

/** Patient–doctor messaging and instant consultations. Sits above appointments (care relationships), doctors and the audit log. */
@Module({
  imports: [AppointmentsModule, AuditModule, DoctorsModule, NotificationsModule, RealtimeModule],
  controllers: [ConversationsController, ConsultationsController],
  providers: [
    MessageBodyCodec,
    ChatRepository,
    ChatService,
    ConsultationsRepository,
    ConsultationsService,
    ChatGateway,
    ChatUploadInterceptor,
    MessageNoticeJob,
    PresenceJob,
  ],
})
export class ChatModule {}
