import { Get, Query } from '@nestjs/common';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { AdminController } from './admin-controller.decorator';
import { AdminStatsService } from './admin-stats.service';
import { AdminStatsDto, AdminStatsQuery } from './dto/admin-stats.dto';

@AdminController()
export class AdminStatsController {
  constructor(private readonly stats: AdminStatsService) {}

  @Get('stats')
  @Endpoint('The clinic at a glance: accounts, appointments per day and status, bookings by specialty, top doctors', {
    ok: AdminStatsDto,
    errors: [400],
  })
  getAdminStats(@Query() query: AdminStatsQuery): Promise<AdminStatsDto> {
    return this.stats.stats(query);
  }
}
