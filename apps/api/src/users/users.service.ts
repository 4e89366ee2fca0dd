// Accounts: creation with a hashed password, lookups for the guard, and the first admin.
import { randomBytes } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, type Repository } from 'typeorm';
import { UserRecord, type Role } from '@reelguard/persistence';
import { PasswordHasher, passwordProblem } from '../auth/password-hasher.js';
import type { ListQuery } from '../common/list-query.js';
import type { UserResponse } from './users.dto.js';

export function toUserResponse(user: UserRecord): UserResponse {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}

@Injectable()
export class UsersService {
  private readonly repo: Repository<UserRecord>;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {
    this.repo = dataSource.getRepository(UserRecord);
  }

  async create(email: string, password: string, role: Role): Promise<UserRecord> {
    const normalised = email.trim().toLowerCase();
    const problem = passwordProblem(password, normalised);
    if (problem) throw new BadRequestException(`The ${problem}.`);
    const passwordHash = await this.hasher.hash(password);
    const inserted: UserRecord[] = await this.dataSource.query(
      `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [normalised, passwordHash, role],
    );
    if (inserted.length === 0) throw new ConflictException(`A user with the e-mail ${normalised} already exists.`);
    return this.repo.findOneByOrFail({ id: inserted[0]!.id });
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return this.repo.findOneBy({ email: email.trim().toLowerCase() });
  }

  async findActive(id: string): Promise<UserRecord | null> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return null;
    const user = await this.repo.findOneBy({ id });
    return user && !user.disabled ? user : null;
  }

  async list(query: ListQuery<'email' | 'role' | 'createdAt'>): Promise<{ items: UserRecord[]; total: number }> {
    const qb = this.repo.createQueryBuilder('u');
    const { q, role } = query.filter;
    if (typeof q === 'string' && q.trim())
      qb.andWhere('u.email ILIKE :q', { q: `%${q.trim().replace(/[%_\\]/g, '\\$&')}%` });
    if (typeof role === 'string') qb.andWhere('u.role = :role', { role });
    qb.orderBy(`u.${query.sortField}`, query.sortOrder).addOrderBy('u.id', 'ASC').skip(query.offset).take(query.limit);
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async update(id: string, changes: { role?: Role; disabled?: boolean }, actorId: string): Promise<UserRecord> {
    const user = await this.findById(id);
    if (id === actorId && (changes.disabled === true || (changes.role && changes.role !== 'admin'))) {
      throw new ConflictException('You cannot disable your own account or remove your own admin role.');
    }
    if (changes.role !== undefined) user.role = changes.role;
    if (changes.disabled !== undefined) user.disabled = changes.disabled;
    return this.repo.save(user);
  }

  async findById(id: string): Promise<UserRecord> {
    const user = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.findOneBy({ id }) : null;
    if (!user) throw new NotFoundException('No such user.');
    return user;
  }

  /**
   * Creates the first admin when none exists. Returns the generated password when one had to be
   * made up, so the caller can show it exactly once; it is never stored or logged anywhere else.
   */
  async ensureFirstAdmin(
    email: string,
    password: string | undefined,
  ): Promise<{ created: boolean; generatedPassword?: string }> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['reelguard:first-admin']);
      const [row] = (await manager.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`)) as {
        n: number;
      }[];
      if ((row?.n ?? 0) > 0) return { created: false };
      const generated = password ? undefined : randomBytes(18).toString('base64url');
      const hash = await this.hasher.hash(password ?? generated!);
      await manager.query(
        `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, 'admin')
         ON CONFLICT (email) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash, disabled = false`,
        [email.toLowerCase(), hash],
      );
      return { created: true, generatedPassword: generated };
    });
  }
}
