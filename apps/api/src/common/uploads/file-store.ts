import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { AppConfig } from '../../config/app-config';

/**
 * Uploaded files under STORAGE_DIR, addressed by keys the API chose (never by client file names).
 * Writes go to a temporary name first and are renamed into place, so a reader never sees half a file.
 */
@Injectable()
export class FileStore {
  constructor(private readonly config: AppConfig) {}

  async save(key: string, content: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${randomUUID()}.part`;
    await writeFile(temporary, content);
    await rename(temporary, path);
  }

  async open(key: string): Promise<{ stream: ReadStream; size: number } | null> {
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
