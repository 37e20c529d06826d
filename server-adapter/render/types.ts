/**
 * What the server renderer takes and gives: a board and the request's
 * options in, a file out.
 */
import type {
  Board,
  CompareMode,
  FilterParam,
  Paper,
  Range,
  RenderFormat,
  RenderTheme,
} from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { Engine } from '../engine/types.js';

/** How to render: the period and filter over the board's own, and the look. */
export interface RenderOptions {
  format: RenderFormat;
  range?: Range | undefined;
  from?: string | undefined;
  to?: string | undefined;
  compare?: CompareMode | undefined;
  /** Parsed `filter`; replaces the board's own filter when given. */
  filter?: readonly FilterParam[] | undefined;
  /** BCP 47 locale of the text; default the server's. */
  locale?: string | undefined;
  /** ISO 4217 code of money values; default the server's. */
  currency?: string | undefined;
  /** @default 'light' */
  theme?: RenderTheme | undefined;
  /** @default 'a4' */
  paper?: Paper | undefined;
  /** The caller's auth scope: every report is read with it. */
  scope: Scope;
}

/** What rendering needs from the server. */
export interface RenderDeps {
  engine: Engine;
  /** The clock of "As of …" and of the file name. */
  now: () => Date;
  /** Aborts a render that runs too long; checked between widgets and pages. */
  signal?: AbortSignal | undefined;
}

/** A rendered board. */
export interface RenderedBoard {
  body: Uint8Array;
  /** `application/pdf`, `image/png`, `image/svg+xml` or `text/html; charset=utf-8`. */
  contentType: string;
  /** A download name, e.g. `weekly-2026-12-06.pdf`. */
  filename: string;
}

export type { Board };
