/**
 * One error hierarchy for the adapter: each error knows its HTTP status and
 * renders itself as RFC 9457 problem+json. Anything else thrown on a request
 * path is a bug and is answered 500 without leaking internals.
 */
import type { ParamError, Problem } from '../src/contract/index.js';

export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly headers: Record<string, string>;

  constructor(status: number, title: string, detail: string, headers: Record<string, string> = {}) {
    super(detail);
    this.name = new.target.name;
    this.status = status;
    this.title = title;
    this.headers = headers;
  }

  /** The problem+json body. */
  toProblem(instance?: string): Problem {
    const type = `https://dashkit.dev/problems/${this.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    return { type, title: this.title, status: this.status, detail: this.message, ...(instance ? { instance } : {}) };
  }

  toResponse(instance?: string): Response {
    return new Response(JSON.stringify(this.toProblem(instance)), {
      status: this.status,
      headers: {
        'content-type': 'application/problem+json; charset=utf-8',
        'cache-control': 'no-store',
        ...this.headers,
      },
    });
  }
}

/** 400: one or more parameters are wrong; each is named. */
export class BadRequestError extends HttpError {
  readonly errors: ParamError[];

  constructor(errors: ParamError[]) {
    super(400, 'Bad Request', errors.map((e) => `${e.param}: ${e.message}`).join('; '));
    this.errors = errors;
  }

  /** Shorthand for a single bad parameter. */
  static param(param: string, message: string): BadRequestError {
    return new BadRequestError([{ param, message }]);
  }

  override toProblem(instance?: string): Problem {
    return { ...super.toProblem(instance), errors: this.errors };
  }
}

export class NotFoundError extends HttpError {
  constructor(detail: string) {
    super(404, 'Not Found', detail);
  }
}

export class UnauthorizedError extends HttpError {
  constructor(detail: string) {
    super(401, 'Unauthorized', detail, { 'www-authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends HttpError {
  constructor(detail: string) {
    super(403, 'Forbidden', detail);
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(allowed: string[]) {
    super(405, 'Method Not Allowed', `allowed: ${allowed.join(', ')}`, { allow: allowed.join(', ') });
  }
}

/** 503: the data source is unreachable and no stale copy exists. */
export class UnavailableError extends HttpError {
  constructor(detail: string, retryAfterSeconds = 5) {
    super(503, 'Service Unavailable', detail, { 'retry-after': String(retryAfterSeconds) });
  }
}
