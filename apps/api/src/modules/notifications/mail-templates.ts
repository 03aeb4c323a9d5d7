import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTIFICATION_KINDS, type NotificationKind } from '@carebook/shared';

/** What every template may use; kinds add their own fields (names, times, notes). */
export interface MailContext {
  clinicName: string;
  publicUrl: string;
  recipientName: string;
  /** The button (HTML) or line (text) that leads to what the message is about. */
  actionUrl?: string;
  actionLabel?: string;
  /**
   * Shown after the action's label instead of its link, where the link must not be read: an admin's view of a
   * security email that went out by real mail (see Outbox.adminMessage).
   */
  linkWithheld?: string;
  /** Security emails (reset, invitation) carry no link to notification settings: preferences don't apply. */
  security?: boolean;
  [field: string]: unknown;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Template = Handlebars.TemplateDelegate<MailContext>;

/**
 * The email templates (`assets/mail`, copied into the build): per kind `<kind>.html.hbs` and `<kind>.text.hbs`,
 * whose first line is the subject, inside the two layouts. Compiled once. The outbox renders only the subject
 * when it writes a delivery (the bell entry's title and the delivery log need it); the message itself is
 * rendered from the context stored with the delivery when it is sent, and again when an admin reads it: the
 * same templates and the same context give the same message (less a withheld link: `linkWithheld`).
 */
export class MailTemplates {
  private readonly html = new Map<NotificationKind, Template>();
  private readonly text = new Map<NotificationKind, Template>();
  private readonly subjects = new Map<NotificationKind, Template>();

  constructor(readonly directory: string) {
    const read = (name: string) => readFileSync(join(directory, name), 'utf8');
    const htmlEngine = Handlebars.create();
    const textEngine = Handlebars.create();
    htmlEngine.registerPartial('layout', read('layout.html.hbs'));
    textEngine.registerPartial('layout', read('layout.text.hbs'));
    for (const kind of NOTIFICATION_KINDS) {
      this.html.set(kind, htmlEngine.compile(read(`${kind}.html.hbs`), { strict: false }));
      // Plain text is not HTML: nothing to escape.
      const text = read(`${kind}.text.hbs`);
      this.text.set(kind, textEngine.compile(text, { noEscape: true }));
      // The subject line alone, so writing a delivery does not render the whole message.
      const firstLine = text.slice(0, text.indexOf('\n'));
      if (/\{\{\s*[#/>^]|\{\{\s*else/.test(firstLine)) throw new Error(`${kind}.text.hbs: the subject line must not open or close a block`);
      this.subjects.set(kind, textEngine.compile(firstLine, { noEscape: true }));
    }
  }

  /** The subject `render` gives for the same kind and context. */
  subject(kind: NotificationKind, context: MailContext): string {
    const template = this.subjects.get(kind);
    if (!template) throw new Error(`No email template for ${kind}`);
    // As `render` cuts it: up to the first line break (a value may carry one).
    const line = template(context);
    const newline = line.indexOf('\n');
    return (newline < 0 ? line : line.slice(0, newline)).trim();
  }

  render(kind: NotificationKind, context: MailContext): RenderedMail {
    const textTemplate = this.text.get(kind);
    const htmlTemplate = this.html.get(kind);
    if (!textTemplate || !htmlTemplate) throw new Error(`No email template for ${kind}`);
    const text = textTemplate(context);
    const newline = text.indexOf('\n');
    const subject = text.slice(0, newline).trim();
    return {
      subject,
      text: text.slice(newline + 1).trim() + '\n',
      html: htmlTemplate({ ...context, subject }),
    };
  }
}
