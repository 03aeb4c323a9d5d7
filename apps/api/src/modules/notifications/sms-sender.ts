import { Logger } from '@nestjs/common';
import type { Twilio } from 'twilio';
import type { AppConfig } from '../../config/app-config';

/** What the provider did with a message: `settled` when nothing more will be heard of it. */
export interface SmsReceipt {
  providerId: string | null;
  settled: boolean;
}

/** Where SMS go. `SMS_PROVIDER=none` keeps them in the development mailbox; `twilio` sends them. */
export abstract class SmsSender {
  /** Whether the development mailbox holds the messages (admins read them in the portal). */
  abstract readonly mailbox: boolean;
  abstract send(to: string, body: string): Promise<SmsReceipt>;
  /** For status callbacks: whether the request really comes from the provider. */
  abstract verifyCallback(signature: string | undefined, url: string, params: Record<string, string>): Promise<boolean>;
}

/** The development mailbox: the delivery row is the message; nothing leaves the machine. */
export class MailboxSms extends SmsSender {
  readonly mailbox = true;
  send(): Promise<SmsReceipt> {
    return Promise.resolve({ providerId: null, settled: true });
  }
  verifyCallback(): Promise<boolean> {
    return Promise.resolve(false);
  }
}

/**
 * Twilio's Messages API. A message it takes stays `queued` here until its signed status callback
 * (`POST /api/notifications/sms-status`) says it reached the carrier (`sent`), was delivered, or failed: an SMS is
 * never shown as sent on the strength of Twilio having taken it, and one the carrier later reports undelivered
 * turns failed.
 */
export class TwilioSms extends SmsSender {
  readonly mailbox = false;
  private readonly logger = new Logger(TwilioSms.name);
  /** Loaded only when Twilio is configured: the package weighs some 30 MB of memory. */
  private readonly twilio = import('twilio').then((module) => module.default);
  private client?: Twilio;

  constructor(private readonly config: Pick<AppConfig, 'publicUrl'> & { twilio: { accountSid: string; authToken: string; from: string } }) {
    super();
  }

  async send(to: string, body: string): Promise<SmsReceipt> {
    const twilio = await this.twilio;
    this.client ??= twilio(this.config.twilio.accountSid, this.config.twilio.authToken);
    const message = await this.client.messages.create({
      to,
      from: this.config.twilio.from,
      body,
      statusCallback: `${this.config.publicUrl}/api/notifications/sms-status`,
    });
    this.logger.debug(`SMS ${message.sid} taken by Twilio (${message.status})`);
    return { providerId: message.sid, settled: false };
  }

  async verifyCallback(signature: string | undefined, url: string, params: Record<string, string>): Promise<boolean> {
    if (signature === undefined || signature === '') return false;
    return (await this.twilio).validateRequest(this.config.twilio.authToken, signature, url, params);
  }
}
