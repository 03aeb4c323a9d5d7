import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import { ApiErrors } from '../../common/decorators/api-errors.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { MetricsService } from './metrics.service';

@ApiSchema({ name: 'Health' })
export class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
  @ApiProperty({ example: 'up' }) database!: 'up';
  @ApiProperty({ example: 12.5, description: 'Seconds since the process started' }) uptime!: number;
}

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(
    private readonly em: EntityManager,
    private readonly metrics: MetricsService,
  ) {}

  @Public()
  @Get('health')
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness and database readiness' })
  @ApiOkResponse({ type: HealthDto })
  @ApiErrors(503)
  async getHealth(): Promise<HealthDto> {
    try {
      await this.em.getConnection().execute('select 1');
    } catch {
      throw new ServiceUnavailableException('Database unavailable');
    }
    return { status: 'ok', database: 'up', uptime: Math.round(process.uptime() * 10) / 10 };
  }

  @Public()
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ operationId: 'getMetrics', summary: 'Prometheus metrics (text format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ schema: { type: 'string' } })
  getMetrics(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
