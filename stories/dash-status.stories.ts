import { ContextProvider } from '@lit/context';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/status.js';
import { dashboardContext } from '../src/context/dashboard.js';
import { createClient } from '../src/internal/client.js';
import { Freshness, type LiveState } from '../src/internal/freshness.js';
import meta from '../tests/fixtures/meta.json';
import problem from '../tests/fixtures/problem-500.json';
import failed from '../tests/fixtures/status.failed.json';
import ok from '../tests/fixtures/status.json';
import { installFetchMock, json } from '../tests/support/mock-fetch.js';

/** A status document dated now: its times moved by how long ago the fixture was generated. */
type StatusFixture = Omit<typeof ok, 'lastChange' | 'pipelines'> & {
  lastChange: typeof ok.lastChange | null;
  pipelines: (typeof failed.pipelines)[number][];
};

function dated(body: StatusFixture) {
  return () => {
    const shift = Date.now() - Date.parse(body.generatedAt);
    const move = <T extends string | null>(iso: T): T => (iso && new Date(Date.parse(iso) + shift).toISOString()) as T;
    return json({
      ...body,
      lastChange: body.lastChange && { ...body.lastChange, at: move(body.lastChange.at) },
      pipelines: body.pipelines.map((p) => ({
        ...p,
        lastRunAt: move(p.lastRunAt),
        lastSuccessAt: move(p.lastSuccessAt),
        ...(p.nextRunAt ? { nextRunAt: move(p.nextRunAt) } : {}),
      })),
      generatedAt: move(body.generatedAt),
    });
  };
}

installFetchMock('/mock/status-ok', { 'v1/meta': meta, 'v1/status': dated(ok) });
installFetchMock('/mock/status-failed', { 'v1/meta': meta, 'v1/status': dated(failed) });
installFetchMock('/mock/status-broken', { 'v1/meta': meta, 'v1/status': () => json(problem, 500) });
installFetchMock('/mock/status-none', {
  'v1/meta': meta,
  'v1/status': dated({ ...ok, lastChange: null, pipelines: [] }),
});
installFetchMock('/mock/status-slow', { 'v1/meta': meta, 'v1/status': () => new Promise<Response>(() => {}) });
installFetchMock('/mock/status-fa', {
  'v1/meta': { ...meta, locale: 'fa-IR', currency: 'IRR' },
  'v1/status': dated(failed),
});

interface StatusArgs {
  src: string;
  /** The board's live stream, as the stand-in board reports it. */
  live?: LiveState;
  /** Widgets of the board showing stale data. */
  stale?: number;
  theme?: string;
}

/** `<dash-status>` in a stand-in board whose live state and stale widgets the story sets. */
function inBoard(args: StatusArgs) {
  const host = document.createElement('div');
  const freshness = new Freshness();
  // The board's widgets loaded a few seconds ago.
  freshness.report({}, {}, false);
  freshness.setLive(args.live ?? 'open');
  for (let i = 0; i < (args.stale ?? 0); i++) freshness.report({}, {}, true);
  new ContextProvider(host, {
    context: dashboardContext,
    initialValue: { client: createClient({ base: args.src }), revision: 0, freshness },
  });
  const el = document.createElement('dash-status');
  if (args.theme) el.setAttribute('theme', args.theme);
  host.append(el);
  return host;
}

const storyMeta: Meta<StatusArgs> = {
  title: 'Widgets/dash-status',
  component: 'dash-status',
  render: inBoard,
  args: { src: '/mock/status-ok', live: 'open' },
  argTypes: {
    live: { control: 'inline-radio', options: ['open', 'connecting', 'reconnecting', 'off'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
};
export default storyMeta;

type Story = StoryObj<StatusArgs>;

/** "Live · updated 12 s ago", and the pipeline that synced a few minutes ago. */
export const Default: Story = {};

/** The stream was lost; the board is reconnecting. */
export const Reconnecting: Story = { args: { live: 'reconnecting' } };

/** A failed sync (with its error), a late import (its promised run never came), one that never ran. */
export const PipelineFailedAndLate: Story = { name: 'Pipeline failed / late', args: { src: '/mock/status-failed' } };

/** Two widgets show data the server could not refresh. */
export const StaleData: Story = { name: 'Stale data', args: { stale: 2 } };

/** On its own, with no board: the last change the server heard. */
export const Standalone: Story = {
  render: (args) => html`<dash-status src=${args.src} theme=${ifDefined(args.theme)}></dash-status>`,
};

export const Dark: Story = {
  args: { theme: 'dark', src: '/mock/status-failed' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${inBoard(args)}</div>`,
};

export const Persian: Story = {
  name: 'fa-IR',
  args: { src: '/mock/status-fa' },
  render: (args) => html`<div dir="rtl" lang="fa">${inBoard(args)}</div>`,
};

/** No pipelines declared and no change heard yet, on a board without a live stream. */
export const Empty: Story = { args: { src: '/mock/status-none', live: 'off' } };

export const Loading: Story = {
  args: { src: '/mock/status-slow' },
  render: (args) => {
    const host = document.createElement('div');
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base: args.src, timeout: false }), revision: 0 },
    });
    host.append(document.createElement('dash-status'));
    return host;
  },
};

export const Failed: Story = { name: 'Error', args: { src: '/mock/status-broken' } };
