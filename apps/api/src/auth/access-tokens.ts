// Access tokens: HS256 JWTs with exp, iss and aud, the algorithm pinned on verification.
// Header fields that name keys (kid, jku, x5u, jwk) are never read: there is one secret, given
// to the JWT module as a KeyObject (auth.module.ts).
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@reelguard/config';
import type { Role } from '@reelguard/persistence';

/** Clock difference tolerated between the signer and us, for exp, nbf and iat alike. */
const CLOCK_TOLERANCE_SEC = 5;

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
      },
    );
  }

  async verify(token: string): Promise<AccessClaims | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessClaims & { exp?: number; iat?: number }>(token, {
        algorithms: ['HS256'],
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_SEC,
      });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.exp !== 'number') return null;
      // jsonwebtoken checks exp and nbf but not iat: a token "issued" in the future is forged
      // or from a clock we must not trust.
      if (typeof claims.iat !== 'number' || claims.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SEC) return null;
      return claims;
    } catch {
      return null;
    }
  }
}
