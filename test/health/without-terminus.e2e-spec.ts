import { Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JwtAuthHealthIndicator, JwtAuthModule } from 'nestjs-jwt-permissions';

jest.setTimeout(60_000);

describe('an application without terminus', () => {
  it('never loads @nestjs/terminus, booting and serving a request', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', join(__dirname, '../support/ts-register.cjs'), join(__dirname, 'without-terminus.main.ts')],
      { cwd: join(__dirname, '../..') },
    );
    expect(JSON.parse(stdout)).toEqual({ status: 200, requested: [], loaded: [] });
  });

  it('is told to import TerminusModule when it runs a check without it', async () => {
    @Module({ imports: [JwtAuthModule.forRoot({ secret: 's'.repeat(64) })] })
    class NoTerminusModule {}
    const moduleRef = await Test.createTestingModule({ imports: [NoTerminusModule] })
      .setLogger(new Logger())
      .compile();
    try {
      expect(() => moduleRef.get(JwtAuthHealthIndicator).isJwksFresh()).toThrow(
        'JwtAuthHealthIndicator needs TerminusModule: import it in the module of your health controller.',
      );
    } finally {
      await moduleRef.close();
    }
  });
});
