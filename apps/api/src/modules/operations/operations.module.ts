import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { RealtimeModule } from '../realtime/realtime.module';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';
import { SystemMonitor } from './system-monitor';

/** Health, Prometheus metrics, and the System page's view of those metrics (served by the admin module). */
@Module({
  imports: [NotificationsModule, RealtimeModule],
  controllers: [OperationsController],
  providers: [MetricsService, OperationsService, SystemMonitor],
  exports: [SystemMonitor],
})
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
