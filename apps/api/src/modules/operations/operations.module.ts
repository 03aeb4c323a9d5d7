import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';

@Module({ imports: [NotificationsModule], controllers: [OperationsController], providers: [MetricsService, OperationsService] })
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
