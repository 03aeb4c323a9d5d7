import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { AuthUser } from '../../common/auth-user';
import { AppConfig } from '../../config/app-config';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Metrics describe the whole service (routes, latencies, failures): readable with METRICS_TOKEN as a bearer
 * token (a Prometheus scraper has no account) or by a signed-in admin; anyone else is refused.
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  private readonly signedIn = new (AuthGuard('jwt'))();

  constructor(private readonly config: AppConfig) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    // Compared as digests: equal lengths for timingSafeEqual, and no early exit that times the token.
    if (this.config.metricsToken && bearer && timingSafeEqual(digest(bearer), digest(this.config.metricsToken))) return true;
    await this.signedIn.canActivate(context);
    if ((request.user as AuthUser | undefined)?.role !== 'admin') {
      throw new ForbiddenException('Only admins (or a scraper with the metrics token) may read metrics');
    }
    return true;
  }
}
