// Counts failed logins in Redis per e-mail and per client address, so every API instance
// refuses a guessing run after LOGIN_MAX_FAILURES within LOGIN_WINDOW_SEC.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@reelguard/config';

@Injectable()
export class LoginLimiter {
  private key(kind: string, value: string): string {
    return `${this.config.REDIS_PREFIX}:login:fail:${kind}:${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
  }

  constructor(
    @Inject(Redis) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Seconds until the caller may try again, or 0 when it may try now. */
  async retryAfter(email: string, ip: string): Promise<number> {
    const [byEmail, byIp] = await this.redis.mget(this.key('email', email), this.key('ip', ip));
    const max = this.config.LOGIN_MAX_FAILURES;
    // An address gets more room than one account: several people may share it.
    if (Number(byEmail ?? 0) >= max || Number(byIp ?? 0) >= max * 4) {
      const ttl = Math.max(await this.redis.ttl(this.key('email', email)), await this.redis.ttl(this.key('ip', ip)));
      return Math.max(ttl, 1);
    }
    return 0;
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const window = this.config.LOGIN_WINDOW_SEC;
    await this.redis
      .multi()
      .incr(this.key('email', email))
      .expire(this.key('email', email), window, 'NX')
      .incr(this.key('ip', ip))
      .expire(this.key('ip', ip), window, 'NX')
      .exec();
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.key('email', email));
  }
}
