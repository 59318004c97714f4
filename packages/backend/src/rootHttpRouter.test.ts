import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { configureWithoutStackTraces } from './rootHttpRouter';

const logger: any = {
  child: () => logger,
  error() {},
  warn() {},
  info() {},
  debug() {},
};

/** What the root router's error handler answers a request that failed with `error`. */
function answer(handler: (...args: any[]) => void, error: Error) {
  const sent: { status?: number; body?: any } = {};
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return res;
    },
    json(body: unknown) {
      sent.body = body;
      return res;
    },
  };
  handler(
    error,
    { method: 'GET', url: '/api/complete-clusters/clusters' },
    res,
    () => {},
  );
  return sent;
}

describe('the portal root router', () => {
  const nodeEnv = process.env.NODE_ENV;
  beforeAll(() => {
    // As `yarn start` runs the portal.
    process.env.NODE_ENV = 'development';
  });
  afterAll(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  const unauthenticated = () =>
    Object.assign(new Error('Missing credentials'), {
      name: 'AuthenticationError',
    });

  it('would send stack traces in development with Backstage defaults (what this guards against)', () => {
    const middleware = MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger,
    });
    expect(
      answer(middleware.error(), unauthenticated()).body.error.stack,
    ).toContain('Missing credentials');
  });

  it('answers a 401, and any error, without a stack trace', () => {
    const middleware = MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger,
    });
    let handler: any;
    configureWithoutStackTraces({
      middleware,
      applyDefaults: () => void (handler = middleware.error()),
    });
    const sent = answer(handler, unauthenticated());
    expect(sent.status).toBe(401);
    expect(sent.body.error).toEqual({
      name: 'AuthenticationError',
      message: 'Missing credentials',
    });
    expect(JSON.stringify(answer(handler, new Error('boom')).body)).not.toMatch(
      /stack|at .*\.ts/,
    );
  });
});
