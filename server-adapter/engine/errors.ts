/**
 * What the engine says when a request cannot be answered, in its own terms:
 * the engine knows metrics, customers and roles, not HTTP. The HTTP layer
 * maps each kind to a status in one place (`httpErrorOf`, routes/respond.ts).
 */
import type { ParamError } from '../../src/contract/index.js';

/** Base of every engine refusal; anything else thrown by the engine is a fault (or the source being down). */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The parameters ask for something this definition does not have or cannot do (an unknown metric, a point-in-time series). */
export class InvalidQueryError extends EngineError {
  readonly errors: readonly ParamError[];

  constructor(errors: readonly ParamError[]) {
    super(errors.map((e) => `${e.param}: ${e.message}`).join('; '));
    this.errors = errors;
  }

  /** One bad parameter. */
  static param(param: string, message: string): InvalidQueryError {
    return new InvalidQueryError([{ param, message }]);
  }
}

/** The thing asked about does not exist (a customer id), or the report is not configured here. */
export class NotFoundInDataError extends EngineError {}

/** The caller's scope may not see what it asked for (a metric restricted to roles). */
export class RestrictedError extends EngineError {}
