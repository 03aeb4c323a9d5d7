import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiProperty, ApiSchema, ApiTags } from '@nestjs/swagger';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsService } from './metrics.service';
import { OperationsService } from './operations.service';

@ApiSchema({ name: 'Health' })
class HealthDto {
  @ApiProperty({ example: 'ok' }) status!: 'ok';
  @ApiProperty({ example: 'up' }) database!: 'up';
  @ApiProperty({
    enum: ['up', 'down'],
    required: false,
    description: 'Only with REDIS_URL: whether this instance reaches Redis (live events and cache invalidations across instances); down does not fail the check',
  })
  redis?: 'up' | 'down';
  @ApiProperty({ example: 12.5, description: 'Seconds since the process started' }) uptime!: number;
}

@ApiTags('operations')
@Controller()
export class OperationsController {
  constructor(
    private readonly operations: OperationsService,
    private readonly metrics: MetricsService,
  ) {}

  @Public()
  @Get('health')
  @Endpoint('Liveness, database readiness and (with REDIS_URL) Redis reachability', { ok: HealthDto, errors: [503] })
  getHealth(): Promise<HealthDto> {
    return this.operations.health();
  }

  // Not behind the global guard: the metrics token is not an access token. MetricsAccessGuard decides.
  @Public()
  @UseGuards(MetricsAccessGuard)
  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiBearerAuth()
  @Endpoint('Prometheus metrics (text format), for an admin or a bearer METRICS_TOKEN', { ok: { schema: { type: 'string' } }, errors: [401, 403] })
  @ApiProduces('text/plain')
  getMetrics(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
