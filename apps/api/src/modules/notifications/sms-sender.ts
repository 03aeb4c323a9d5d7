import { Logger } from '@nestjs/common';
import type { RequestClient, Twilio } from 'twilio';
import type TwilioRequestClient from 'twilio/lib/base/RequestClient';
import type { AppConfig } from '../../config/app-config';

/** What the provider did with a message: `settled` when nothing more will be heard of it. */
export interface SmsReceipt {
  providerId: string | null;
  settled: boolean;
}

/**
 * The provider refused the message in a way no retry will change (an invalid or unreachable number, a recipient
 * who has opted out, a refused sender): the delivery fails at once.
 */
export class SmsRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | null,
  ) {
    super(message);
    this.name = 'SmsRefused';
  }
}

/**
 * A Twilio REST error (RestException, which carries the HTTP `status` and Twilio's error `code`) that retrying
 * cannot cure: HTTP 4xx, such as 400 with 21211 (invalid 'To' number) or 21610 (the recipient opted out), but not
 * 408 (timed out) or 429 (too many requests). A 5xx, or no answer at all, is temporary: undefined.
 */
function refusal(error: unknown): SmsRefused | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, code } = error as Error & { status?: unknown; code?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || status === 408 || status === 429) return undefined;
  const twilioCode = typeof code === 'number' ? code : null;
  return new SmsRefused(`Twilio refused the message (HTTP ${status}${twilioCode === null ? '' : `, error ${twilioCode}`}): ${error.message}`, status, twilioCode);
}

/**
 * Twilio's HTTP client, sending every request to `apiUrl`'s origin instead of Twilio's (TWILIO_API_URL): the path,
 * query, credentials and body are Twilio's client's own.
 */
function clientFor(RequestClientClass: typeof RequestClient, apiUrl: string): RequestClient {
  const origin = new URL(apiUrl);
  return new (class extends RequestClientClass {
    override request<TData>(opts: TwilioRequestClient.RequestOptions<TData>) {
      const uri = new URL(opts.uri);
      uri.protocol = origin.protocol;
      uri.host = origin.host;
      return super.request<TData>({ ...opts, uri: uri.href });
    }
  })();
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

  constructor(private readonly config: Pick<AppConfig, 'publicUrl'> & { twilio: { accountSid: string; authToken: string; from: string; apiUrl?: string } }) {
    super();
  }

  /** Throws SmsRefused when Twilio refuses the message for good; any other error is worth a retry. */
  async send(to: string, body: string): Promise<SmsReceipt> {
    const twilio = await this.twilio;
    const { accountSid, authToken, from, apiUrl } = this.config.twilio;
    this.client ??= twilio(accountSid, authToken, apiUrl ? { httpClient: clientFor(twilio.RequestClient, apiUrl) } : undefined);
    let message: Awaited<ReturnType<Twilio['messages']['create']>>;
    try {
      message = await this.client.messages.create({ to, from, body, statusCallback: `${this.config.publicUrl}/api/notifications/sms-status` });
    } catch (error) {
      throw refusal(error) ?? error;
    }
    this.logger.debug(`SMS ${message.sid} taken by Twilio (${message.status})`);
    return { providerId: message.sid, settled: false };
  }

  async verifyCallback(signature: string | undefined, url: string, params: Record<string, string>): Promise<boolean> {
    if (signature === undefined || signature === '') return false;
    return (await this.twilio).validateRequest(this.config.twilio.authToken, signature, url, params);
  }
}
