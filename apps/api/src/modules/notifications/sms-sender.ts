import { Logger } from '@nestjs/common';
import twilio from 'twilio';
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
  abstract verifyCallback(signature: string | undefined, url: string, params: Record<string, string>): boolean;
}

/** The development mailbox: the delivery row is the message; nothing leaves the machine. */
export class MailboxSms extends SmsSender {
  readonly mailbox = true;
  send(): Promise<SmsReceipt> {
    return Promise.resolve({ providerId: null, settled: true });
  }
  verifyCallback(): boolean {
    return false;
  }
}

/**
 * Twilio's Messages API. A message it takes stays `queued` here until its signed status callback
 * (`POST /api/notifications/sms-status`) says delivered or failed: an SMS is never shown as delivered on the
 * strength of having been handed over.
 */
export class TwilioSms extends SmsSender {
  readonly mailbox = false;
  private readonly logger = new Logger(TwilioSms.name);
  private readonly client: twilio.Twilio;

  constructor(private readonly config: Pick<AppConfig, 'publicUrl'> & { twilio: { accountSid: string; authToken: string; from: string } }) {
    super();
    this.client = twilio(config.twilio.accountSid, config.twilio.authToken);
  }

  async send(to: string, body: string): Promise<SmsReceipt> {
    const message = await this.client.messages.create({
      to,
      from: this.config.twilio.from,
      body,
      statusCallback: `${this.config.publicUrl}/api/notifications/sms-status`,
    });
    this.logger.debug(`SMS ${message.sid} taken by Twilio (${message.status})`);
    return { providerId: message.sid, settled: false };
  }

  verifyCallback(signature: string | undefined, url: string, params: Record<string, string>): boolean {
    return signature !== undefined && signature !== '' && twilio.validateRequest(this.config.twilio.authToken, signature, url, params);
  }
}
