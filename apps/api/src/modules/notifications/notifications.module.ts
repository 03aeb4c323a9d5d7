import { Module } from '@nestjs/common';
import { MailerModule } from '@nestjs-modules/mailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { AppConfig } from '../../config/app-config';
import { ClinicModule } from '../clinic/clinic.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { DeliveryOptions } from './delivery-options';
import { DeliveryQueue } from './delivery-queue';
import { DeliverySender } from './delivery-sender';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';
import { NotificationsService } from './notifications.service';
import { Outbox } from './outbox';
import { ReminderJob } from './reminder.job';
import { MailboxSms, SmsSender, TwilioSms } from './sms-sender';

/**
 * Email, SMS, reminders and the bell. With SMTP_URL unset the mailer uses nodemailer's JSON transport: it builds
 * the message and the sender throws that away, so nothing leaves. The delivery row keeps only the subject and the
 * template fields (`context`), and the development mailbox admins read renders the message again from them.
 */
@Module({
  imports: [
    ClinicModule,
    RealtimeModule,
    MailerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A pool of up to 10 connections (each reused for 100 messages; a batch of jobs is sent over them at once),
        // and timeouts so a server that stops answering fails the attempt (to be retried) instead of holding the
        // worker for nodemailer's 10 minutes.
        transport: config.smtpUrl
          ? ({
              url: config.smtpUrl,
              pool: true,
              maxConnections: 10,
              maxMessages: 100,
              connectionTimeout: 10_000,
              greetingTimeout: 10_000,
              socketTimeout: 30_000,
            } as SMTPTransport.Options)
          : ({ jsonTransport: true } as SMTPTransport.Options),
        // a cast: the mailer's option types predate TypeScript 6's stricter checks (STACK.md)
        defaults: { from: config.mailFrom } as Record<string, string>,
      }),
    }),
  ],
  controllers: [NotificationsController],
  providers: [
    NotificationsRepository,
    // DELIVERY_WORKER=false: this instance queues deliveries but another one sends them.
    { provide: DeliveryOptions, inject: [AppConfig], useFactory: (config: AppConfig) => Object.assign(new DeliveryOptions(), { work: config.deliveryWorker }) },
    DeliveryQueue,
    DeliverySender,
    Outbox,
    NotificationsService,
    ReminderJob,
    {
      provide: SmsSender,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => (config.sms.provider === 'twilio' ? new TwilioSms({ publicUrl: config.publicUrl, twilio: config.sms.twilio }) : new MailboxSms()),
    },
  ],
  exports: [NotificationsService],
})
export class NotificationsModule {}
