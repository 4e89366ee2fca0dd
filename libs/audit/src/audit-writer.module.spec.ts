// Which sink the application records into: the batched writer by default, a sink that keeps
// nothing only when AUDIT_TRAIL_ENABLED=false (benchmarks).
import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AppConfig, loadConfig } from '@reelguard/config';
import { AuditSink } from './audit-entry.js';
import { AuditWriter } from './audit-writer.js';
import { AuditWriterModule } from './audit-writer.module.js';

/** A global module providing the configuration, as the applications have (decorators applied by hand). */
function configModule(env: Record<string, string>) {
  class ConfigModule {}
  Module({ providers: [{ provide: AppConfig, useValue: loadConfig(env) }], exports: [AppConfig] })(ConfigModule);
  Global()(ConfigModule);
  return ConfigModule;
}

const entry = {
  at: new Date(),
  action: 'segment',
  outcome: 'granted',
  reason: null,
  userId: null,
  sessionId: 'session',
  videoId: 'video',
  resource: '720p_00001.m4s',
  ip: '127.0.0.1',
  userAgent: null,
  requestId: 'request',
} as const;

describe('AuditWriterModule', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  async function sinkFor(env: Record<string, string>) {
    // A database nobody listens on: nothing here may ever reach a real audit trail.
    const config = configModule({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', ...env });
    const module = await Test.createTestingModule({ imports: [config, AuditWriterModule] }).compile();
    closers.push(() => module.close());
    return { sink: module.get(AuditSink), writer: module.get(AuditWriter) };
  }

  it('binds the audit sink to the batched writer by default', async () => {
    const { sink, writer } = await sinkFor({});
    expect(sink).toBe(writer);
  });

  it('keeps nothing when AUDIT_TRAIL_ENABLED is false', async () => {
    const { sink, writer } = await sinkFor({ AUDIT_TRAIL_ENABLED: 'false' });
    expect(sink).not.toBe(writer);
    await sink.record({ ...entry });
    expect(writer.stats()).toMatchObject({ queued: 0, waiting: 0, written: 0 });
  });
});
