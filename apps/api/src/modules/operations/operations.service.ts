import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';

/** Whether this process can serve: the database answers (a `select 1` on a pooled connection). */
@Injectable()
export class OperationsService {
  constructor(private readonly orm: MikroORM) {}

  async health(): Promise<{ status: 'ok'; database: 'up'; uptime: number }> {
    if (!(await this.orm.em.getConnection().isConnected())) throw new ServiceUnavailableException('Database unavailable');
    return { status: 'ok', database: 'up', uptime: Math.round(process.uptime() * 10) / 10 };
  }
}
