import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message create request as the server received it (the form fields Twilio's client sent). */
export interface TwilioRequest {
  to: string;
  from: string;
  body: string;
  statusCallback: string;
  /** Whether it carried the account's credentials (HTTP Basic, as Twilio's client sends them). */
  authorised: boolean;
  /** The message's id when the server took it; null when it answered an error. */
  sid: string | null;
}

/** Twilio's answer to one request: an HTTP status and, for an error, Twilio's error code and message. */
export interface TwilioAnswer {
  status: number;
  code?: number;
  message?: string;
}

/**
 * A local HTTP server acting as Twilio's Messages API (`POST /2010-04-01/Accounts/{sid}/Messages.json`), for
 * TWILIO_API_URL: it takes every message (201 with a new `SM…` id, status `queued`) unless `answers` holds what
 * to answer a number's next requests, one answer per request (Twilio's error body: `code`, `message`, `status`).
 */
export class TwilioApi {
  readonly requests: TwilioRequest[] = [];
  /** Answers for a number's next requests, taken in order; once used up, the number's messages are taken. */
  readonly answers = new Map<string, TwilioAnswer[]>();
  private server?: Server;
  private count = 0;
  port = 0;

  constructor(
    private readonly accountSid: string,
    private readonly authToken: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The requests for one number, in order. */
  to(number: string): TwilioRequest[] {
    return this.requests.filter((r) => r.to === number);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const reply = (status: number, body: object) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== `/2010-04-01/Accounts/${this.accountSid}/Messages.json`) {
      reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
      return;
    }
    const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
    const to = form.get('To') ?? '';
    const entry: TwilioRequest = {
      to,
      from: form.get('From') ?? '',
      body: form.get('Body') ?? '',
      statusCallback: form.get('StatusCallback') ?? '',
      authorised: request.headers.authorization === expected,
      sid: null,
    };
    this.requests.push(entry);
    const answer = this.answers.get(to)?.shift();
    if (answer && answer.status >= 300) {
      reply(answer.status, { code: answer.code, message: answer.message, more_info: `https://www.twilio.com/docs/errors/${answer.code}`, status: answer.status });
      return;
    }
    this.count += 1;
    entry.sid = `SM${this.count.toString(16).padStart(32, '0')}`;
    reply(201, { sid: entry.sid, account_sid: this.accountSid, to, from: entry.from, body: entry.body, status: 'queued', num_segments: '1' });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
