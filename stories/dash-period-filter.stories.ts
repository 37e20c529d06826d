import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/board.js';
import '../src/define/period-filter.js';
import { installFetchMock } from '../tests/support/mock-fetch.js';
import { storyBackend } from '../tests/support/story-backend.js';

storyBackend('/mock/filter/limited', {
  meta: { ranges: ['month', 'quarter', 'year', 'custom'], defaultRange: 'month' },
});
installFetchMock('/mock/filter/slow', { 'v1/meta': () => new Promise<Response>(() => {}) });

interface FilterArgs {
  presets?: string;
  range?: string;
  from?: string;
  to?: string;
  compare?: string;
  theme?: string;
  locale?: string;
}

const filter = (args: FilterArgs) => html`
  <dash-period-filter
    presets=${ifDefined(args.presets)}
    range=${ifDefined(args.range)}
    from=${ifDefined(args.from)}
    to=${ifDefined(args.to)}
    compare=${ifDefined(args.compare)}
    theme=${ifDefined(args.theme)}
    locale=${ifDefined(args.locale)}
    @dash-period-change=${(e: CustomEvent) => console.info('dash-period-change', e.detail)}
  ></dash-period-filter>
`;

const storyMeta: Meta<FilterArgs> = {
  title: 'Widgets/dash-period-filter',
  component: 'dash-period-filter',
  render: filter,
  args: { range: 'month' },
  argTypes: {
    range: {
      control: 'select',
      options: ['today', 'week', 'month', 'quarter', 'year', '7d', '30d', '90d', '365d', 'custom'],
    },
    compare: { control: 'inline-radio', options: ['previous', 'year', 'none'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    presets: { control: 'text' },
  },
};
export default storyMeta;

type Story = StoryObj<FilterArgs>;

/** Every preset, Custom and the compare selector. Arrow keys move through the presets. */
export const Default: Story = {};

/** Only the presets named, in that order. */
export const FewPresets: Story = { args: { presets: 'month,quarter,year,30d' } };

/** A custom range: the first day after the last is refused inline and Apply stays disabled. */
export const CustomInvalid: Story = {
  name: 'Custom (invalid)',
  args: { range: 'custom', from: '2025-11-20', to: '2025-11-01' },
};

/**
 * Loading: inside a board whose `v1/meta` has not answered yet, the filter
 * already shows every preset and the server's default (30 days).
 */
export const Loading: Story = {
  render: () => html`<dash-board src="/mock/filter/slow"><dash-period-filter></dash-period-filter></dash-board>`,
};

/**
 * Empty: a backend that accepts only a few ranges limits the presets offered
 * (there is no error state: the filter fetches nothing itself).
 */
export const Limited: Story = {
  name: 'Empty (backend limits ranges)',
  render: () => html`<dash-board src="/mock/filter/limited"><dash-period-filter></dash-period-filter></dash-board>`,
};

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${filter(args)}</div>`,
};

/** Persian texts from the built-in catalog and the Solar Hijri month on "This month"; right to left: ArrowLeft moves forward. */
export const Persian: Story = {
  name: 'fa-IR',
  args: { locale: 'fa-IR' },
  render: (args) =>
    html`<dash-period-filter
      locale=${ifDefined(args.locale)}
      range=${ifDefined(args.range)}
      calendar="persian"
    ></dash-period-filter>`,
};
