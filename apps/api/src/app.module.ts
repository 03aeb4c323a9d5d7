import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { Clock } from './common/clock';
import { FileStore, LocalFileStore } from './common/uploads/file-store';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { JwtAuthGuard } from './common/guards/jwt-auth.guard';
import { RolesGuard } from './common/guards/roles.guard';
import { mikroOrmOptions } from './database/mikro-orm.config';
import { SetupService } from './database/seeders/setup.service';
import { AdminModule } from './modules/admin/admin.module';
import { AuditModule } from './modules/audit/audit.module';
import { AuthModule } from './modules/auth/auth.module';
import { AppointmentsModule } from './modules/appointments/appointments.module';
import { ChatModule } from './modules/chat/chat.module';
import { ClinicModule } from './modules/clinic/clinic.module';
import { ClusterModule } from './modules/cluster/cluster.module';
import { DoctorsModule } from './modules/doctors/doctors.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OperationsModule } from './modules/operations/operations.module';
import { PatientsModule } from './modules/patients/patients.module';
import { RealtimeModule } from './modules/realtime/realtime.module';
import { RecordsModule } from './modules/records/records.module';
import { UsersModule } from './modules/users/users.module';
import { KeyRotation } from './common/crypto/key-rotation';
import { requestIdOf } from './common/decorators/request-id.decorator';
import { RecordCipher } from './common/crypto/record-cipher';

export interface AppModuleOptions {
  config: AppConfig;
  /** The resolved database (DATABASE_URL or the embedded server's). */
  databaseUrl: string;
}

/** Config, clock and file storage, available everywhere. */
@Module({})
class CoreModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      global: true,
      providers: [
        { provide: AppConfig, useValue: config },
        Clock,
        { provide: FileStore, useClass: LocalFileStore },
        { provide: RecordCipher, useValue: new RecordCipher(config.dataEncryptionKeys) },
        KeyRotation,
      ],
      exports: [AppConfig, Clock, FileStore, RecordCipher, KeyRotation],
    };
  }
}

@Module({})
export class AppModule {
  static register({ config, databaseUrl }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: requestIdOf,
            // Never log credentials or tokens.
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/api/metrics' },
          },
        }),
        // MikroORM 7 connects lazily, so the OpenAPI export builds this module without a database.
        MikroOrmModule.forRoot({ ...mikroOrmOptions(databaseUrl), registerRequestContext: true }),
        ScheduleModule.forRoot(),
        ClusterModule,
        RealtimeModule,
        UsersModule,
        ClinicModule,
        NotificationsModule,
        DoctorsModule,
        AppointmentsModule,
        ChatModule,
        PatientsModule,
        RecordsModule,
        AuditModule,
        AuthModule,
        AdminModule,
        OperationsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        SetupService,
      ],
    };
  }
}
