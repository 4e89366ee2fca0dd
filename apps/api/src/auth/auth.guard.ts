// The one global guard: every route needs a valid access token unless marked @Public(), and
// @Roles() narrows it further. The token's user is re-read so a disabled account stops at once.
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Role } from '@reelguard/persistence';
import { IS_PUBLIC, ROLES, type AuthUser } from './decorators.js';
import { AccessTokens } from './access-tokens.js';
import { UsersService } from '../users/users.service.js';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const header = req.headers.authorization;
    if (!header)
      throw new UnauthorizedException('Sign in first: send Authorization: Bearer <accessToken> from POST /auth/login.');
    const match = /^Bearer ([A-Za-z0-9_.-]{10,4096})$/.exec(header);
    if (!match) throw new UnauthorizedException('The Authorization header must be "Bearer <accessToken>".');
    const claims = await this.tokens.verify(match[1]!);
    if (!claims) throw new UnauthorizedException('The access token is invalid or expired: sign in again.');
    const user = await this.users.findActive(claims.sub);
    if (!user) throw new UnauthorizedException('The account behind this token no longer exists or is disabled.');
    req.user = { id: user.id, email: user.email, role: user.role };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException(`This needs the ${roles.join(' or ')} role; your account is ${user.role}.`);
    }
    return true;
  }
}
