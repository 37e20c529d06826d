/**
 * ECharts is the bulk of dashkit, so it must load only when a chart is about
 * to be seen. Its own file: the module registry and the resource timeline
 * of this page start empty, so "nothing requested yet" means something.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MetaResponse } from '../../contract/meta.js';
import { SeriesResponse } from '../../contract/series.js';
import { StatsResponse } from '../../contract/stats.js';
import metaJson from '../../../tests/fixtures/meta.json';
import seriesJson from '../../../tests/fixtures/series.json';
import statsJson from '../../../tests/fixtures/stats.json';
import { installFetchMock } from '../../../tests/support/mock-fetch.js';
import '../../define/stat-card.js';
import '../../define/chart.js';
import { DashChart } from './chart.js';

const mock = installFetchMock('/lazy-api', {
  'v1/meta': MetaResponse.parse(metaJson),
  'v1/stats': StatsResponse.parse(statsJson),
  'v1/series': SeriesResponse.parse(seriesJson),
});

afterAll(() => {
  document.body.replaceChildren();
  mock.restore();
});

/** Requests for the ECharts chunk (echarts-setup) or ECharts itself, under Vite or a build. */
function echartsRequests(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((e) => e.name)
    .filter((name) => /echarts-setup|[/.]echarts[_/]|\/echarts-[\w-]+\.js/.test(name));
}

const busy = (el: HTMLElement) => el.shadowRoot?.querySelector('[part~="base"]')?.getAttribute('aria-busy');

describe('loading ECharts', () => {
  it('never happens on a page with only stat cards', async () => {
    const card = document.createElement('dash-stat-card');
    card.setAttribute('src', '/lazy-api');
    card.setAttribute('metric', 'revenue');
    document.body.append(card);
    await expect.poll(() => busy(card)).toBe('false');
    expect(card.shadowRoot!.textContent).toContain('€12,345.60');
    expect(echartsRequests()).toEqual([]);
  });

  it('waits until a chart scrolls into view', async () => {
    const spacer = document.createElement('div');
    spacer.style.height = '300vh';
    const chart = document.createElement('dash-chart');
    chart.setAttribute('src', '/lazy-api');
    chart.setAttribute('metrics', 'revenue');
    document.body.append(spacer, chart);

    // The data (and its table) load at once; the drawing library does not.
    await expect.poll(() => busy(chart)).toBe('false');
    expect(chart.shadowRoot!.querySelector('[part~="table"] td')?.textContent).toBe('€812.40');
    expect(echartsRequests()).toEqual([]);
    expect(DashChart.liveInstances).toBe(0);

    chart.scrollIntoView();
    // The chunk is loaded on demand: on a busy machine that takes longer than the default second.
    await expect.poll(() => DashChart.liveInstances, { timeout: 15_000 }).toBe(1);
    expect(echartsRequests().length).toBeGreaterThan(0);
    expect(chart.shadowRoot!.querySelector('.canvas canvas')).not.toBeNull();
  });
});
