import { Injectable } from '@nestjs/common';

/**
 * The only place a message's text becomes what the `messages.body` column holds, and back: the repository calls
 * `toColumn` on every write and `fromColumn` on every read, and nothing else touches the column. Today the text
 * is stored as it is; encryption at rest plugs in here without any query changing.
 */
@Injectable()
export class MessageBodyCodec {
  toColumn(text: string): string {
    return text;
  }

  fromColumn(column: string): string {
    return column;
  }
}
