import { Get } from '@nestjs/common';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { SystemHealthDto } from '../operations/dto/system-health.dto';
import { SystemMonitor } from '../operations/system-monitor';
import { AdminController } from './admin-controller.decorator';

@AdminController()
export class AdminSystemController {
  constructor(private readonly monitor: SystemMonitor) {}

  @Get('system')
  @Endpoint(
    'Live health of the answering instance over the last minute (request rate, latency, errors, event loop, memory, database pool, sockets, delivery queue), from the metrics /api/metrics exposes',
    { ok: SystemHealthDto },
  )
  getSystemHealth(): Promise<SystemHealthDto> {
    return this.monitor.report();
  }
}
