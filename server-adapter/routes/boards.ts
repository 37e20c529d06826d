/**
 * Boards (SPEC §7 "Boards, rendering and export"):
 * - `GET {base}/v1/boards`: the boards named in config;
 * - `GET {base}/v1/boards/{id}`: one of them, as JSON;
 * - `GET {base}/v1/boards/{id}/render.{pdf|png|svg|html}`: it, rendered;
 * - `POST {base}/v1/render.{pdf|png|svg|html}`: a board in the body, rendered.
 *
 * Every route is authorised like a report, and a render reads every report
 * with the caller's scope. A render takes the period, `filter`, `locale`,
 * `currency`, `theme` and `paper` parameters (RenderParams); a bad board is a
 * 400 naming the field (`widgets[2].metric`); an unknown board or format, 404.
 * Renders run a few at a time (the export gate) and within a time bound.
 *
 * The renderer (ECharts, PDFKit, fontkit, resvg: most of the server's code
 * and memory) is imported on the first render, not when the server starts:
 * a server that only answers reports never loads it.
 */
import {
  Board,
  type BoardsResponse,
  LocaleParams,
  type ParamError,
  RENDER_FORMATS,
  RenderParams,
  type RenderFormat,
} from '../../src/contract/index.js';
import { scopeKey } from '../auth/scope.js';
import { BadRequestError, NotFoundError, UnavailableError } from '../errors.js';
import { RenderLimitError } from '../render/limits.js';
import { issuePath } from '../setup/boards.js';
import { readBody } from './body.js';
import type { HandlerRoute, RouteRequest, ServerState } from './context.js';
import { READ_METHODS } from './methods.js';
import { parseParams, uncachedJson } from './respond.js';

/**
 * A board of 40 widgets is a few kilobytes. A megabyte still reads (and
 * refuses with a 400 naming `widgets`) a board of ten thousand of them.
 */
export const MAX_BOARD_BODY_BYTES = 1024 * 1024;
/** Longest a render may take before it is abandoned with a 503. */
export const RENDER_TIMEOUT_MS = 30_000;

/** The board renderer, loaded on the first render (see the file's comment). */
const loadRenderer = () => import('../render/index.js');

const EXPECTED_BOARD = 'a JSON board {"title", "widgets": [{"type", ...}], "range"?, "filter"?, ...}';

function unknownBoard(id: string, state: ServerState): NotFoundError {
  const known = [...state.boards.keys()];
  return new NotFoundError(
    `no board "${id}"; ${known.length > 0 ? `this server has ${known.join(', ')}` : 'this server names no boards (config "boards")'}`,
  );
}

export const boardsRoute: HandlerRoute = {
  kind: 'handler',
  name: 'boards',
  pattern: 'v1/boards',
  methods: READ_METHODS,
  async handle(state, request) {
    parseParams(LocaleParams, request.url.searchParams);
    await request.scope();
    const body: BoardsResponse = {
      boards: [...state.boards.values()].map((b) => ({ id: b.id ?? '', title: b.title, widgets: b.widgets.length })),
    };
    return uncachedJson(request.request, body);
  },
};

export const boardRoute: HandlerRoute = {
  kind: 'handler',
  name: 'board',
  pattern: 'v1/boards/{id}',
  methods: READ_METHODS,
  async handle(state, request) {
    parseParams(LocaleParams, request.url.searchParams);
    await request.scope();
    const id = request.params['id'] ?? '';
    const board = state.boards.get(id);
    if (!board) throw unknownBoard(id, state);
    return uncachedJson(request.request, board);
  },
};

/** The fields at fault in a body that is not a valid board, each named by its path. */
export function boardErrors(value: unknown): ParamError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ param: 'title', message: `expected ${EXPECTED_BOARD}` }];
  const result = Board.safeParse(value);
  if (result.success) return [];
  const errors: ParamError[] = [];
  for (const issue of result.error.issues) {
    const at = issuePath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ param: at ? `${at}.${key}` : key, message: 'unknown field' });
      continue;
    }
    const param = at || 'title';
    if (!errors.some((e) => e.param === param)) errors.push({ param, message: issue.message });
  }
  return errors;
}

/** Renders `board` for the request; shared by the named and the posted board. */
async function answerRender(
  state: ServerState,
  request: RouteRequest,
  board: Board,
  format: RenderFormat,
  params: RenderParams,
): Promise<Response> {
  const scope = await request.scope();
  const release = state.exports.enter(
    scope.subject === undefined ? `scope:${scopeKey(scope)}` : `sub:${scope.subject}`,
  );
  const signal = AbortSignal.timeout(RENDER_TIMEOUT_MS);
  try {
    const { renderBoard } = await loadRenderer();
    const file = await renderBoard(
      board,
      { format, ...params, scope },
      { engine: state.engine, now: state.now, signal },
    );
    const headers = {
      'content-type': file.contentType,
      'content-disposition': `${format === 'html' || format === 'svg' ? 'inline' : 'attachment'}; filename="${file.filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // The HTML and SVG are self-contained and run no script; say so to the browser too.
      ...(format === 'html' || format === 'svg'
        ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:" }
        : {}),
    };
    const body = request.request.method === 'HEAD' ? null : file.body;
    return new Response(body as BodyInit | null, { status: 200, headers });
  } catch (error) {
    if (error instanceof RenderLimitError) throw BadRequestError.param(error.param, error.message);
    if (signal.aborted) {
      throw new UnavailableError(`the render took longer than ${RENDER_TIMEOUT_MS / 1000} s and was stopped`, 30);
    }
    throw error;
  } finally {
    release();
  }
}

function namedRender(format: RenderFormat): HandlerRoute {
  return {
    kind: 'handler',
    name: 'render',
    pattern: `v1/boards/{id}/render.${format}`,
    methods: READ_METHODS,
    async handle(state, request) {
      const params = parseParams(RenderParams, request.url.searchParams);
      const id = request.params['id'] ?? '';
      await request.scope();
      const board = state.boards.get(id);
      if (!board) throw unknownBoard(id, state);
      return answerRender(state, request, board, format, params);
    },
  };
}

function adHocRender(format: RenderFormat): HandlerRoute {
  return {
    kind: 'handler',
    name: 'render',
    pattern: `v1/render.${format}`,
    methods: ['POST'],
    async handle(state, request) {
      const params = parseParams(RenderParams, request.url.searchParams);
      await request.scope();
      const text = await readBody(request.request, MAX_BOARD_BODY_BYTES, EXPECTED_BOARD);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw BadRequestError.param('(body)', `the body is not JSON; expected ${EXPECTED_BOARD}`);
      }
      const errors = boardErrors(value);
      if (errors.length > 0) throw new BadRequestError(errors);
      return answerRender(state, request, Board.parse(value), format, params);
    },
  };
}

export const renderRoutes: readonly HandlerRoute[] = RENDER_FORMATS.flatMap((f) => [namedRender(f), adHocRender(f)]);
