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
import { AuthService, type AccessRefusal } from './auth.service.js';
import { UsersService } from '../users/users.service.js';
import { requestMetadata } from '../common/request-metadata.js';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const refuse = async (reason: AccessRefusal['reason'], message: string, userId: string | null = null) => {
      await this.auth.refused({
        status: reason === 'role_forbidden' ? 403 : 401,
        reason,
        userId,
        ...routeOf(req),
        client: requestMetadata(req),
      });
      return reason === 'role_forbidden' ? new ForbiddenException(message) : new UnauthorizedException(message);
    };
    const header = req.headers.authorization;
    if (!header)
      throw await refuse(
        'unauthenticated',
        'Sign in first: send Authorization: Bearer <accessToken> from POST /auth/login.',
      );
    const match = /^Bearer ([A-Za-z0-9_.-]{10,4096})$/.exec(header);
    if (!match)
      throw await refuse('malformed_authorization', 'The Authorization header must be "Bearer <accessToken>".');
    const claims = await this.tokens.verify(match[1]!);
    if (!claims) throw await refuse('token_invalid', 'The access token is invalid or expired: sign in again.');
    const user = await this.users.findActive(claims.sub);
    if (!user)
      throw await refuse(
        'account_inactive',
        'The account behind this token no longer exists or is disabled.',
        claims.sub,
      );
    req.user = { id: user.id, email: user.email, role: user.role };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw await refuse(
        'role_forbidden',
        `This needs the ${roles.join(' or ')} role; your account is ${user.role}.`,
        user.id,
      );
    }
    return true;
  }
}

const VIDEO_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The matched route pattern (never the raw URL) and, on video routes, the video it names. */
function routeOf(req: Request): Pick<AccessRefusal, 'route' | 'videoId'> {
  const pattern = `${req.baseUrl}${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
  const params = (req.params ?? {}) as Record<string, string | undefined>;
  const candidate = pattern.startsWith('/videos/') ? (params.key ?? params.id) : undefined;
  return {
    route: `${req.method} ${pattern}`.slice(0, 512),
    videoId: candidate && VIDEO_ID.test(candidate) ? candidate : null,
  };
}
