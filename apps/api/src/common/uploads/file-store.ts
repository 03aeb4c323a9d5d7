import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { AppConfig } from '../../config/app-config';

/**
 * Where uploaded files live, addressed by keys the API chose (never by client file names). Injected by
 * this abstract class, so an object store (S3 and the like) can replace the local disk without callers changing.
 */
export abstract class FileStore {
  abstract save(key: string, content: Buffer): Promise<void>;
  /** The file's bytes and size, or null when there is no such file. */
  abstract open(key: string): Promise<{ stream: Readable; size: number } | null>;
  abstract remove(key: string): Promise<void>;
}

/**
 * Files under STORAGE_DIR on the local disk (a volume shared by every API instance when scaled out).
 * Writes go to a temporary name first and are renamed into place, so a reader never sees half a file.
 */
@Injectable()
export class LocalFileStore extends FileStore {
  constructor(private readonly config: AppConfig) {
    super();
  }

  async save(key: string, content: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.part`;
    await writeFile(temporary, content);
    await rename(temporary, path);
  }

  async open(key: string): Promise<{ stream: Readable; size: number } | null> {
    const path = this.pathOf(key);
    try {
      const { size } = await stat(path);
      return { stream: createReadStream(path), size };
    } catch {
      return null;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const root = normalize(this.config.storageDir);
    const path = normalize(join(root, key));
    if (!path.startsWith(root + sep)) throw new Error(`Storage key escapes the storage directory: ${key}`);
    return path;
  }
}
