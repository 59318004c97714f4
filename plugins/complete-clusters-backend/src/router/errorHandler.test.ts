import express from 'express';
import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { errorHandler } from './errorHandler';

describe('errorHandler', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterAll(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  function app(error: unknown) {
    const logger = mockServices.logger.mock();
    const router = express();
    router.use(express.json({ limit: '1kb' }));
    router.post('/x', () => {
      throw error;
    });
    router.use(errorHandler(logger));
    return { router, logger };
  }

  it.each([
    [new InputError('name: bad'), 400],
    [new AuthenticationError('no token'), 401],
    [new NotAllowedError('not yours'), 403],
    [new NotFoundError('no such cluster'), 404],
    [new ConflictError('busy'), 409],
  ])(
    'answers %s with %i, its name and message, and no stack even in development',
    async (error, status) => {
      process.env.NODE_ENV = 'development';
      const res = await request(app(error).router).post('/x').send({});
      expect(res.status).toBe(status);
      expect(res.body).toEqual({
        error: {
          name: (error as Error).name,
          message: (error as Error).message,
        },
        request: { method: 'POST', url: '/x' },
        response: { statusCode: status },
      });
    },
  );

  it('answers an unexpected error with 500 and a plain message, keeping the details in the log', async () => {
    const error = new TypeError(
      "Cannot read properties of undefined (reading 'spec') at /work/secret/path.ts:12",
    );
    const { router, logger } = app(error);
    const res = await request(router).post('/x').send({});
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toMatch(/spec|secret|TypeError|stack/);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('POST /x failed with status 500'),
      error,
    );
  });

  it("answers the body parser's refusals with their status and without their internals", async () => {
    const { router } = app(new Error('never thrown'));
    const malformed = await request(router)
      .post('/x')
      .set('Content-Type', 'application/json')
      .send('{"name":');
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body.error).sort()).toEqual([
      'message',
      'name',
    ]);
    const huge = await request(router)
      .post('/x')
      .send({ name: 'x'.repeat(5000) });
    expect(huge.status).toBe(413);
    expect(Object.keys(huge.body.error).sort()).toEqual(['message', 'name']);
  });
});
