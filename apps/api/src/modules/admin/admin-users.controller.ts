import { Body, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import type { AuthUser } from '../../common/auth-user';
import { AdminUsersService } from './admin-users.service';
import { AdminUserDto, AdminUserPage, DecisionRequest, ListUsersQuery } from './dto/admin-users.dto';
import { AdminController } from './admin-controller.decorator';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

@AdminController()
export class AdminUsersController {
  constructor(private readonly service: AdminUsersService) {}

  @Get('users')
  @Endpoint('Users, newest first, filtered by role, status and text', { ok: AdminUserPage, errors: [400] })
  listUsers(@Query() query: ListUsersQuery): Promise<AdminUserPage> {
    return this.service.list(query);
  }

  @Post('doctors/:id/approve')
  @HttpCode(HttpStatus.OK)
  @Endpoint('Approve a doctor application', { ok: AdminUserDto, errors: [404, 409] })
  approveDoctor(@CurrentUser() admin: AuthUser, @Param('id', uuid) id: string): Promise<AdminUserDto> {
    return this.service.decide(admin, id, 'approve');
  }

  @Post('doctors/:id/reject')
  @HttpCode(HttpStatus.OK)
  @Endpoint('Reject a doctor application, with a reason', { ok: AdminUserDto, errors: [400, 404, 409] })
  rejectDoctor(
    @CurrentUser() admin: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: DecisionRequest,
  ): Promise<AdminUserDto> {
    return this.service.decide(admin, id, 'reject', body.reason);
  }

  @Post('users/:id/suspend')
  @HttpCode(HttpStatus.OK)
  @Endpoint('Suspend an account; its sessions end at once', { ok: AdminUserDto, errors: [400, 404, 409] })
  suspendUser(
    @CurrentUser() admin: AuthUser,
    @Param('id', uuid) id: string,
    @Body() body: DecisionRequest,
  ): Promise<AdminUserDto> {
    return this.service.decide(admin, id, 'suspend', body.reason);
  }

  @Post('users/:id/reactivate')
  @HttpCode(HttpStatus.OK)
  @Endpoint('Reactivate a suspended account', { ok: AdminUserDto, errors: [404, 409] })
  reactivateUser(@CurrentUser() admin: AuthUser, @Param('id', uuid) id: string): Promise<AdminUserDto> {
    return this.service.decide(admin, id, 'reactivate');
  }
}
