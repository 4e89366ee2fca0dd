// Access tokens: HS256 JWTs with exp, iss and aud, the algorithm pinned on verification.
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@reelguard/config';
import type { Role } from '@reelguard/persistence';

export interface AccessClaims {
  sub: string;
  role: Role;
  typ: 'access';
}

@Injectable()
export class AccessTokens {
  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  sign(userId: string, role: Role): string {
    return this.jwt.sign(
      { role, typ: 'access' },
      {
        subject: userId,
        algorithm: 'HS256',
        expiresIn: this.config.JWT_TTL_SEC,
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        secret: this.config.JWT_SECRET,
      },
    );
  }

  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims & { exp?: number }>(token, {
        algorithms: ['HS256'],
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        secret: this.config.JWT_SECRET,
        clockTolerance: 5,
      });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
      return claims;
    } catch {
      return null;
    }
  }
}
