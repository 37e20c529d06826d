/**
 * `v1/boards`, `v1/boards/{id}` and the render routes' refusals through a
 * real server over the seeded demo data (PGlite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Board, BoardsResponse, MAX_BOARD_WIDGETS, Problem } from '../../src/contract/index.js';
import { DefinitionError, parseConfig } from '../engine/config.js';
import type { Logger } from '../logger.js';
import { createDashboardServer, type DashboardServer } from '../server.js';

const QUIET: Logger = { info() {}, warn() {}, error() {} };
const WEEKLY: Board = {
  title: 'Weekly',
  range: '7d',
  widgets: [
    { type: 'stat-grid', metrics: 'revenue,orders' },
    { type: 'chart', metrics: 'revenue', chartType: 'area' },
  ],
};

let server: DashboardServer;
beforeAll(async () => {
  server = createDashboardServer({
    seedDemo: true,
    logger: QUIET,
    now: () => new Date('2026-11-21T12:00:00Z'),
    boards: { weekly: WEEKLY },
  });
  await server.ready;
}, 60_000);
afterAll(() => server.close());

const get = (path: string) => server.fetch(new Request(`http://localhost/${path}`));
const post = (path: string, body: unknown) =>
  server.fetch(
    new Request(`http://localhost/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

async function problem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  return Problem.parse(await response.json());
}

describe('v1/boards', () => {
  it('lists the named boards and returns one with its id', async () => {
    const list = BoardsResponse.parse(await (await get('v1/boards')).json());
    expect(list.boards).toEqual([{ id: 'weekly', title: 'Weekly', widgets: 2 }]);
    const one = Board.parse(await (await get('v1/boards/weekly')).json());
    expect(one).toEqual({ ...WEEKLY, id: 'weekly' });
  });

  it('answers 404 for an unknown board, naming the known ones', async () => {
    const p = await problem(await get('v1/boards/monthly'), 404);
    expect(p.detail).toContain('weekly');
    await problem(await get('v1/boards/monthly/render.pdf'), 404);
  });

  it('answers 404 for an unknown format', async () => {
    await problem(await get('v1/boards/weekly/render.docx'), 404);
    await problem(await post('v1/render.docx', WEEKLY), 404);
  });

  it('refuses a bad board with 400 naming the field', async () => {
    const bad = { ...WEEKLY, widgets: [WEEKLY.widgets[0], { type: 'chart', chartType: 'radar' }] };
    const p = await problem(await post('v1/render.svg', bad), 400);
    expect(p.errors).toEqual([{ param: 'widgets[1].chartType', message: expect.stringContaining('radar') }]);
    const unknownType = await problem(await post('v1/render.svg', { title: 'x', widgets: [{ type: 'map' }] }), 400);
    expect(unknownType.errors?.[0]?.param).toBe('widgets[0].type');
    const extra = await problem(await post('v1/render.svg', { ...WEEKLY, colour: 'red' }), 400);
    expect(extra.errors).toEqual([{ param: 'colour', message: 'unknown field' }]);
    const notJson = await problem(await post('v1/render.svg', '{'), 400);
    expect(notJson.errors?.[0]?.param).toBe('(body)');
  });

  it('refuses a board of too many widgets with a clear 400', async () => {
    const widgets = Array.from({ length: 10_000 }, () => ({ type: 'stat-card', metric: 'revenue' }));
    const p = await problem(await post('v1/render.pdf', { title: 'Huge', widgets }), 400);
    expect(p.errors).toEqual([{ param: 'widgets', message: `a board holds at most ${MAX_BOARD_WIDGETS} widgets` }]);
  });

  it('refuses a table of more rows than a render draws', async () => {
    const p = await problem(
      await post('v1/render.pdf', { title: 'Long', widgets: [{ type: 'aging-table', limit: 50_000 }] }),
      400,
    );
    expect(p.errors?.[0]?.param).toBe('widgets[0].limit');
  });

  it('names bad render parameters', async () => {
    const p = await problem(await get('v1/boards/weekly/render.pdf?paper=a3&theme=neon'), 400);
    expect(p.errors?.map((e) => e.param).sort()).toEqual(['paper', 'theme']);
  });

  it('answers 405 to a GET of the ad-hoc render', async () => {
    expect((await get('v1/render.pdf')).status).toBe(405);
  });
});

describe('config boards', () => {
  it('takes named boards and names a bad field by its path', () => {
    const definition = parseConfig({ boards: { weekly: WEEKLY } });
    expect(definition.boards?.['weekly']).toEqual({ ...WEEKLY, id: 'weekly' });
    let caught: unknown;
    try {
      parseConfig({ boards: { weekly: { ...WEEKLY, widgets: [{ type: 'stat-card' }] } } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DefinitionError);
    expect((caught as DefinitionError).issues.map((i) => i.path)).toEqual(['boards.weekly.widgets[0].metric']);
  });
});
