import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientIp } from '../../common/decorators/client-ip.decorator';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Endpoint } from '../../common/decorators/endpoint.decorator';
import { Public } from '../../common/decorators/public.decorator';
import type { AuthUser } from '../../common/auth-user';
import { AuthService } from './auth.service';
import {
  AccountDto,
  AuthSession,
  ChangePasswordRequest,
  ForgotPasswordRequest,
  LoginRequest,
  RefreshRequest,
  RegisterRequest,
  RegisterResponse,
  ResetPasswordRequest,
  UpdateMeRequest,
} from './dto/auth.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('register')
  @Endpoint('Create a patient account (active at once) or a doctor application (pending until approved)', { created: RegisterResponse, errors: [400, 409, 429] })
  register(@Body() body: RegisterRequest, @ClientIp() ip: string): Promise<RegisterResponse> {
    return this.auth.register(body, ip);
  }

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @Endpoint('Sign in with email and password', { ok: AuthSession, errors: [400, 401, 403, 429] })
  login(@Body() body: LoginRequest, @ClientIp() ip: string): Promise<AuthSession> {
    return this.auth.login(body, ip);
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @Endpoint('Trade a refresh token (once) for a new pair', { ok: AuthSession, errors: [400, 401] })
  refreshTokens(@Body() body: RefreshRequest): Promise<AuthSession> {
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBearerAuth()
  @Endpoint('Revoke the refresh token (and its family)', { noContent: true, errors: [400, 401] })
  logout(@CurrentUser() user: AuthUser, @Body() body: RefreshRequest): Promise<void> {
    return this.auth.logout(user, body.refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  @Endpoint('The signed-in account', { ok: AccountDto, errors: [401] })
  getMe(@CurrentUser() user: AuthUser): Promise<AccountDto> {
    return this.auth.getAccount(user);
  }

  @Patch('me')
  @ApiBearerAuth()
  @Endpoint('Edit own name and phone', { ok: AccountDto, errors: [400, 401] })
  updateMe(@CurrentUser() user: AuthUser, @Body() body: UpdateMeRequest): Promise<AccountDto> {
    return this.auth.updateAccount(user, body);
  }

  @Post('password')
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @Endpoint('Change own password; every session ends at once, and this device gets a new one', { ok: AuthSession, errors: [400, 401] })
  changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordRequest): Promise<AuthSession> {
    return this.auth.changePassword(user, body);
  }

  @Public()
  @Post('password/forgot')
  @HttpCode(HttpStatus.ACCEPTED)
  @Endpoint('Email a password reset link (valid 1 hour); the answer is the same whether or not the account exists', { errors: [400] })
  @ApiAcceptedResponse({ description: 'If the address has an account, a link is on its way' })
  async forgotPassword(@Body() body: ForgotPasswordRequest): Promise<void> {
    await this.auth.forgotPassword(body);
  }

  @Public()
  @Post('password/reset')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Endpoint('Set a new password from a reset or invitation link; every session of the account ends', { noContent: true, errors: [400] })
  resetPassword(@Body() body: ResetPasswordRequest): Promise<void> {
    return this.auth.resetPassword(body);
  }
}
