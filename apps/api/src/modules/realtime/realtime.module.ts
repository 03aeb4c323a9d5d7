import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AppConfig } from '../../config/app-config';
import { UsersModule } from '../users/users.module';
import { RealtimeGateway } from './realtime.gateway';
import { Realtime } from './realtime.service';

/** Live updates over Socket.IO; other modules push through the Realtime service. */
@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret, verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  providers: [RealtimeGateway, Realtime],
  exports: [Realtime],
})
export class RealtimeModule {}
