// Sign-in: the same answer for an unknown e-mail and a wrong password (and the same work, so
// timing tells nothing), with failed attempts limited per account and per address.
import { HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { AppConfig } from '@reelguard/config';
import type { Role } from '@reelguard/persistence';
import type { RequestMetadata } from '../common/request-metadata.js';
import { UsersService } from '../users/users.service.js';
import { AccessTokens } from './access-tokens.js';
import { LoginLimiter } from './login-limiter.js';
import { PasswordHasher } from './password-hasher.js';

export interface LoginResult {
  accessToken: string;
  expiresIn: number;
  user: { id: string; email: string; role: Role };
}

export type LoginOutcome = 'granted' | 'denied' | 'limited';
export type LoginListener = (event: {
  email: string;
  /** Who asked: address (the limiter's key), user agent, request id. */
  client: RequestMetadata;
  outcome: LoginOutcome;
  userId?: string;
  reason?: string;
}) => void | Promise<void>;

/** A request the global guard turned away (401 or 403), for the audit trail. */
export interface AccessRefusal {
  status: 401 | 403;
  reason: 'unauthenticated' | 'malformed_authorization' | 'token_invalid' | 'account_inactive' | 'role_forbidden';
  userId: string | null;
  /** `METHOD /route/:pattern`: the route, never the raw URL (which may carry tokens). */
  route: string;
  videoId: string | null;
  client: RequestMetadata;
}
export type RefusalListener = (refusal: AccessRefusal) => void | Promise<void>;

@Injectable()
export class AuthService {
  private dummyHash: Promise<string>;
  private readonly listeners: LoginListener[] = [];
  private readonly refusalListeners: RefusalListener[] = [];

  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(LoginLimiter) private readonly limiter: LoginLimiter,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.dummyHash = hasher.hash('timing-equaliser-password');
  }

  onLogin(listener: LoginListener): void {
    this.listeners.push(listener);
  }

  onRefusal(listener: RefusalListener): void {
    this.refusalListeners.push(listener);
  }

  /** Called by the guard before it answers 401 or 403; awaited like sign-ins (back-pressure). */
  async refused(refusal: AccessRefusal): Promise<void> {
    for (const listener of this.refusalListeners) await listener(refusal);
  }

  async login(emailInput: string, password: string, client: RequestMetadata): Promise<LoginResult> {
    const email = emailInput.trim().toLowerCase();
    const ip = client.ip ?? 'unknown';
    const wait = await this.limiter.retryAfter(email, ip);
    if (wait > 0) {
      await this.emit({ email, client, outcome: 'limited', reason: 'too_many_failures' });
      throw new HttpException(
        { statusCode: 429, message: `Too many failed sign-ins: try again in ${wait} seconds.` },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const user = await this.users.findByEmail(email);
    const ok = await this.hasher.verify(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !ok || user.disabled) {
      await this.limiter.recordFailure(email, ip);
      await this.emit({
        email,
        client,
        outcome: 'denied',
        userId: user?.id,
        reason: !user ? 'unknown_user' : user.disabled ? 'disabled' : 'bad_password',
      });
      throw new UnauthorizedException('Wrong e-mail or password.');
    }
    await this.limiter.recordSuccess(email);
    await this.emit({ email, client, outcome: 'granted', userId: user.id });
    return {
      accessToken: this.tokens.sign(user.id, user.role),
      expiresIn: this.config.JWT_TTL_SEC,
      user: { id: user.id, email: user.email, role: user.role },
    };
  }

  /** Listeners are awaited: a full audit queue slows sign-ins down rather than losing entries. */
  private async emit(event: Parameters<LoginListener>[0]): Promise<void> {
    for (const listener of this.listeners) await listener(event);
  }
}
