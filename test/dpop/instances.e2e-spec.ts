import type { INestApplication } from '@nestjs/common';
import { JwtTokenService } from 'nestjs-jwt-permissions';
import request from 'supertest';
import { dpopProof, jwkThumbprint } from '../support/dpop-proof';
import { createApp } from '../support/platforms';
import { describeWithRedis, startRedis, type TestRedis } from '../support/redis-server';
import { testKeyPair } from '../support/test-keys';
import { DpopAppModule, SETTINGS } from './app.module';

describeWithRedis('DPoP proofs remembered across instances through one Redis', () => {
  const clientKey = testKeyPair('ec-p256').privateKey;
  const publicUrl = 'https://api.example.test';
  let redis: TestRedis;
  let express: INestApplication;
  let fastify: INestApplication;
  let token: string;

  beforeAll(async () => {
    redis = await startRedis();
    SETTINGS.issuers = [];
    // Behind one load balancer: both instances know the public origin the client uses.
    SETTINGS.dpop = { origin: publicUrl };
    SETTINGS.sessions = { redis: { url: redis.url } };
    express = await createApp(DpopAppModule, 'express');
    fastify = await createApp(DpopAppModule, 'fastify');
    token = (await express.get(JwtTokenService).issueToken('alice', { dpopJkt: jwkThumbprint(clientKey) }))
      .accessToken;
  }, 30_000);

  afterAll(async () => {
    SETTINGS.sessions = undefined;
    await Promise.all([express?.close(), fastify?.close()]);
    await redis?.stop();
  });

  const call = (app: INestApplication, proof: string) =>
    request(app.getHttpServer()).get('/notes').set('Authorization', `DPoP ${token}`).set('DPoP', proof);

  it('refuses on one instance a proof already used on the other', async () => {
    const proof = dpopProof(clientKey, { htm: 'GET', htu: `${publicUrl}/notes`, accessToken: token });
    await call(express, proof).expect(200);
    const replayed = await call(fastify, proof).expect(401);
    expect(replayed.body.code).toBe('dpop_proof_replayed');
  });

  it('accepts one fresh proof on each instance', async () => {
    const fresh = () => dpopProof(clientKey, { htm: 'GET', htu: `${publicUrl}/notes`, accessToken: token });
    await call(fastify, fresh()).expect(200);
    await call(express, fresh()).expect(200);
  });

  it('answers 503 session_store_unavailable while Redis is down, not a pass', async () => {
    await redis.kill();
    try {
      const proof = dpopProof(clientKey, { htm: 'GET', htu: `${publicUrl}/notes`, accessToken: token });
      const response = await call(express, proof).expect(503);
      expect(response.body.code).toBe('session_store_unavailable');
    } finally {
      await redis.restart();
    }
  });
});
