/**
 * The charts' series colours, apart from the rest of the theme (./theme.ts): only `<dash-chart>`'s drawing code,
 * which loads with ECharts on demand, and the server renderer read them, so a page without a chart on screen
 * does not download them.
 */
import type { ThemeName } from './theme.js';

/**
 * Series colours when `--dash-chart-1…6` are unset: at least 3:1 against the
 * card in their theme (WCAG 1.4.11) and told apart with common colour blindness.
 */
export const CHART_PALETTES: Readonly<Record<ThemeName, readonly string[]>> = {
  light: ['#0969da', '#bc4c00', '#1a7f37', '#8250df', '#bf3989', '#0a7c88'],
  dark: ['#4493f8', '#f0883e', '#3fb950', '#ab7df8', '#db61a2', '#39c5cf'],
};
