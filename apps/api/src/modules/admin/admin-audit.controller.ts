import { Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '@nestjs/swagger';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { AdminController } from './admin-controller.decorator';
import { AdminAuditService } from './admin-audit.service';
import { AuditLogPage, AuditLogQuery } from './dto/admin-audit.dto';

/** Who did or read what, when and why: admin actions and every access to a medical record. */
@AdminController()
export class AdminAuditController {
  constructor(private readonly audit: AdminAuditService) {}

  @Get('audit-log')
  @Endpoint('The audit log, newest first; filters by actor, subject, action and time', { ok: AuditLogPage, errors: [400] })
  listAuditLog(@Query() query: AuditLogQuery): Promise<AuditLogPage> {
    return this.audit.page(query);
  }

  @Get('audit-log/csv')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('text/csv')
  @Endpoint('The filtered audit log as a CSV file (at most 50,000 entries, newest first)', { ok: { schema: { type: 'string' } }, errors: [400] })
  async downloadAuditLog(@Query() query: AuditLogQuery): Promise<StreamableFile> {
    return new StreamableFile(Buffer.from(await this.audit.csv(query)), {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="audit-log.csv"',
    });
  }
}
