import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** A message the sink accepted (answered 250 to), parsed. */
export interface SunkMail {
  /** The `X-Carebook-Delivery` header: the delivery row's id. */
  deliveryId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; contentType: string; content: string }[];
  acceptedAt: number;
  parsed: ParsedMail;
}

/**
 * How the sink answers the end of DATA: accept (250), or an SMTP error such as 451 (try again later) or
 * 550 (refused for good). `delayMs` holds the answer back, as a slow server does.
 */
export interface SinkBehaviour {
  reply?: { code: number; message: string } | null;
  delayMs?: number;
  /** While set, every answer waits for this promise (a server that stalls, then catches up). */
  hold?: Promise<void> | null;
  /** Recipients refused at RCPT TO with this code (a permanent 550 for a dead mailbox). */
  refuseRecipients?: Map<string, number>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A real SMTP server on an ephemeral port of 127.0.0.1 (smtp-server), for SMTP_URL: it records every message
 * it accepts, parsed with mailparser, and every refusal it answers. A message counts as accepted only if the
 * client was still connected when the 250 went out (a sender killed while the answer was held back never
 * saw it). With `parse: false` (the benchmarks) it only notes each accepted message's delivery id and time.
 */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  /** Every accepted message, parsed or not. */
  readonly accepted: { deliveryId: string; acceptedAt: number }[] = [];
  /** Deliveries refused, with the code, in order. */
  readonly refusals: { deliveryId: string; code: number }[] = [];
  behaviour: SinkBehaviour = {};
  private readonly closed = new Set<string>();
  private server?: SMTPServer;
  port = 0;

  private readonly options: { parse?: boolean };

  // No parameter properties: the benchmarks import this file with Node's type stripping.
  constructor(options: { parse?: boolean } = {}) {
    this.options = options;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      // A reverse DNS lookup per connection costs seconds where no resolver answers for 127.0.0.1.
      disableReverseLookup: true,
      logger: false,
      size: 10 * 1024 * 1024,
      onRcptTo: (address, _session, callback) => {
        const code = this.behaviour.refuseRecipients?.get(address.address.toLowerCase());
        callback(code ? smtpError(code, `Mailbox ${address.address} unavailable`) : undefined);
      },
      // A sender that dies mid-message breaks the stream: that message was never received.
      onData: (stream, session, callback) => void this.receive(stream, session, callback).catch((error: Error) => callback(error)),
      onClose: (session) => void this.closed.add(session.id),
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void): Promise<void> {
    let parsed: ParsedMail | undefined;
    let deliveryId: string;
    if (this.options.parse === false) {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      deliveryId = /^X-Carebook-Delivery: *(\S+)/im.exec(Buffer.concat(chunks).toString('latin1'))?.[1] ?? '';
    } else {
      parsed = await simpleParser(stream);
      const header = parsed.headers.get('x-carebook-delivery');
      deliveryId = typeof header === 'string' ? header : '';
    }
    const { reply, delayMs, hold } = this.behaviour;
    if (hold) await hold;
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (reply) {
      this.refusals.push({ deliveryId, code: reply.code });
      callback(smtpError(reply.code, reply.message));
      return;
    }
    if (this.closed.has(session.id)) {
      callback(smtpError(421, 'Too late'));
      return;
    }
    const acceptedAt = Date.now();
    this.accepted.push({ deliveryId, acceptedAt });
    if (parsed) {
      this.mails.push({
        deliveryId,
        to: parsed.to ? [parsed.to].flat().map((a) => a.text).join(', ') : '',
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        html: typeof parsed.html === 'string' ? parsed.html : '',
        attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content.toString('utf8') })),
        acceptedAt,
        parsed,
      });
    }
    callback(null);
  }

  /** The messages to one address. */
  to(address: string): SunkMail[] {
    return this.mails.filter((m) => m.to.toLowerCase().includes(address.toLowerCase()));
  }

  /** How many times each delivery id was accepted. */
  countsByDelivery(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { deliveryId } of this.accepted) counts.set(deliveryId, (counts.get(deliveryId) ?? 0) + 1);
    return counts;
  }

  /** Polls until `find` returns something (no fixed sleeps); fails with what did arrive after `timeoutMs`. */
  waitFor<T>(what: string, find: (mails: SunkMail[]) => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
    return eventually(what, () => Promise.resolve(find(this.mails)), timeoutMs, 50).catch((error: unknown) => {
      throw new Error(`${String(error)}; the SMTP sink holds ${JSON.stringify(this.mails.map((m) => [m.to, m.subject]))}`);
    });
  }

  /** The one message to `address` whose subject starts with `subject`, once it has arrived. */
  one(address: string, subject: string, timeoutMs?: number): Promise<SunkMail> {
    return this.waitFor(`"${subject}…" to ${address}`, () => this.to(address).find((m) => m.subject.startsWith(subject)), timeoutMs);
  }

  clear(): void {
    this.mails.length = 0;
    this.accepted.length = 0;
    this.refusals.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Polls `check` until it returns something truthy; no fixed sleeps. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still not so after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
