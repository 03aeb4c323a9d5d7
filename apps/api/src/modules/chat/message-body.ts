import { Injectable } from '@nestjs/common';
import type { EncryptedColumn } from '../../common/crypto/key-rotation';
import { RecordCipher } from '../../common/crypto/record-cipher';

/** Where message texts are kept, encrypted: one RecordCipher value per message, bound to the message's id. */
export const MESSAGE_BODY_COLUMN: EncryptedColumn = { table: 'messages', keyColumn: 'id', column: 'body' };

/**
 * The only place a message's text becomes what the `messages.body` column holds, and back: the repository calls
 * `toColumn` on every write and `fromColumn` on every read, and nothing else touches the column. The column holds
 * a RecordCipher value (AES-256-GCM) bound to the message's id, so the database, its dumps and its backups never
 * hold a message in clear; `npm run keys:rotate` re-encrypts them with the other record columns.
 */
@Injectable()
export class MessageBodyCodec {
  constructor(private readonly cipher: RecordCipher) {}

  toColumn(text: string, messageId: string): string {
    return this.cipher.encrypt(text, this.slot(messageId));
  }

  fromColumn(column: string, messageId: string): string {
    return this.cipher.decrypt(column, this.slot(messageId));
  }

  private slot(messageId: string) {
    return { table: MESSAGE_BODY_COLUMN.table, column: MESSAGE_BODY_COLUMN.column, rowId: messageId };
  }
}
