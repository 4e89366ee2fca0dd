// Route markers: @Public() opts a route out of the global guard; @Roles() narrows who may call it.
import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@reelguard/persistence';

export const IS_PUBLIC = 'reelguard:public';
export const ROLES = 'reelguard:roles';

export const Public = () => SetMetadata(IS_PUBLIC, true);
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});
