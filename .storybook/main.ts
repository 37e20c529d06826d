import type { StorybookConfig } from '@storybook/web-components-vite';
import { mergeConfig } from 'vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // Telemetry is also off through `--disable-telemetry` in the npm scripts: without both, every
  // build waits about 7 s on DNS lookups in a sandbox without network.
  core: { disableTelemetry: true },
  async viteFinal(viteConfig, { configType }) {
    return mergeConfig(viteConfig, {
      // ECharts (and other code written for bundlers) reads process.env.NODE_ENV, which browsers lack.
      define: { 'process.env.NODE_ENV': JSON.stringify(configType === 'PRODUCTION' ? 'production' : 'development') },
      // Lit's legacy decorators, as tsconfig.json says: browsers cannot run standard decorators yet.
      oxc: { decorator: { legacy: true } },
      // Storybook's own manager and docs chunks are large by nature; our code is sized by `npm run size`.
      build: { chunkSizeWarningLimit: 1500 },
    });
  },
};

export default config;
