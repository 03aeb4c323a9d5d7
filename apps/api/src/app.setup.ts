import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import compression from 'compression';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import { Logger } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { WellFormedInputPipe, createValidationPipe } from './common/validation';
import { rememberValidationRules } from './common/validation-metadata';
import { inlineScriptHashes, portalStatic } from './common/web/portal-static';
import { answerParserErrors, bodyParserErrors } from './common/filters/all-exceptions.filter';

export const API_PREFIX = 'api';

/** API answers at least this large are gzipped for clients that accept it. */
export const COMPRESSION_THRESHOLD_BYTES = 4096;

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Carebook API')
    .setDescription('Doctor–patient portal: accounts, doctors, appointments, messaging and clinic administration.')
    .setVersion('1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
}

/** Everything main.ts and the tests share: prefix, security headers, validation, Swagger. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  // The client address (sign-in throttling, logs) comes from X-Forwarded-For only when sent by a proxy
  // TRUST_PROXY names; by default nobody's header is believed.
  app.set('trust proxy', config.trustProxy);
  // API answers are personal or change by the minute; hashing every body for an ETag costs more than it saves.
  app.set('etag', false);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Swagger UI and the Angular app use inline styles; scripts stay same-origin, but for the built
          // portal's own inline scripts, allowed by their hash.
          'script-src': ["'self'", ...inlineScriptHashes(config.portalDir)],
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'", 'ws:', 'wss:'],
          'upgrade-insecure-requests': null,
        },
      },
    }),
  );
  // The built portal (precompressed at build), then on-the-fly compression for API answers of 4 kB or more
  // (lists, search pages, the OpenAPI document). Below that, gzip saves a few hundred bytes, never a round trip
  // (the answer fits the first TCP window either way), and costs ~0.1 ms of CPU per answer (a booking's, say).
  if (existsSync(config.portalDir)) app.use(portalStatic(config.portalDir));
  app.use(compression({ threshold: COMPRESSION_THRESHOLD_BYTES }));
  app.enableCors({ origin: [config.publicUrl, 'http://localhost:4200'], credentials: true });
  answerParserErrors(app.getHttpServer());
  app.useBodyParser('json', { limit: '1mb' });
  app.use(bodyParserErrors);
  // Every body, query and socket payload is validated: each class's rules are worked out once, not per request.
  rememberValidationRules();
  app.useGlobalPipes(new WellFormedInputPipe(), createValidationPipe());
  app.enableShutdownHooks();
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, buildOpenApiDocument(app), {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
    swaggerOptions: { persistAuthorization: true },
  });
}
