// User management routes (admins only).
import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Audited } from '../audit/admin-audit.js';
import { CurrentUser, Roles, type AuthUser } from '../auth/decorators.js';
import { parseListQuery, setContentRange } from '../common/list-query.js';
import { CreateUserDto, UpdateUserDto, type UserResponse } from './users.dto.js';
import { UsersService, toUserResponse } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(@Inject(UsersService) private readonly users: UsersService) {}

  @Post()
  @HttpCode(201)
  @Audited('user.create')
  async create(@Body() dto: CreateUserDto): Promise<Pick<UserResponse, 'id' | 'email' | 'role'>> {
    const user = await this.users.create(dto.email, dto.password, dto.role);
    return { id: user.id, email: user.email, role: user.role };
  }

  @Get()
  async list(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse[]> {
    const list = parseListQuery(query, ['email', 'role', 'createdAt'] as const, 'createdAt');
    const { items, total } = await this.users.list(list);
    setContentRange(res, 'users', list.offset, items.length, total);
    return items.map(toUserResponse);
  }

  @Get(':id')
  async get(@Param('id') id: string): Promise<UserResponse> {
    return toUserResponse(await this.users.findById(id));
  }

  @Patch(':id')
  @Audited('user.update')
  async update(
    @Param('id') id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() actor: AuthUser,
  ): Promise<UserResponse> {
    return toUserResponse(await this.users.update(id, dto, actor.id));
  }
}
