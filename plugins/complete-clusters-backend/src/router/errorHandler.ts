import type { LoggerService } from '@backstage/backend-plugin-api';
import { isError, serializeError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';

/** The status of the error types routes throw (those of `@backstage/errors`), as Backstage maps them. */
const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

function statusOf(error: Error): number {
  // Errors of Express's own body parser carry their status (400 malformed JSON, 413 too large ...).
  for (const field of ['statusCode', 'status'] as const) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 400 &&
      value <= 599
    )
      return value;
  }
  return STATUS_BY_NAME[error.name] ?? 500;
}

/**
 * The answer of every failed request to this plugin's API: Backstage's error
 * body (`{ error: { name, message }, request, response }`) and never a stack
 * trace, whatever NODE_ENV says (Backstage's root handler adds stacks in
 * development). A server error keeps its details in the log and tells the
 * client only that it happened.
 */
export function errorHandler(logger: LoggerService): ErrorRequestHandler {
  return (raw, req, res, next) => {
    const error = isError(raw) ? raw : new Error(String(raw));
    const statusCode = statusOf(error);
    if (res.headersSent) {
      next(error);
      return;
    }
    let body;
    if (statusCode >= 500) {
      logger.error(
        `${req.method} ${req.originalUrl} failed with status ${statusCode}`,
        error,
      );
      body = {
        name: 'Error',
        message:
          'The complete-clusters backend failed to answer this request; its log says why.',
      };
    } else {
      // Only what the client may read: name, message and a code, not the error's other properties.
      const { name, message, code } = serializeError(error) as {
        name: string;
        message: string;
        code?: unknown;
      };
      body = { name, message, ...(typeof code === 'string' ? { code } : {}) };
    }
    res.status(statusCode).json({
      error: body,
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode },
    });
  };
}
