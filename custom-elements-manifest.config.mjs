/**
 * `npm run analyze` (and the last step of `npm run build`): custom-elements.json
 * at the repository root, from the elements' JSDoc. Read by Storybook's docs
 * and by editors through package.json#customElements.
 */
export default {
  // src/define/ holds the `customElements.define` calls: without it the
  // manifest has classes but no tag names.
  // src/internal/dash-element.ts: the base class, so that the inherited `theme` attribute is listed.
  globs: ['src/components/**/*.ts', 'src/define/*.ts', 'src/internal/dash-element.ts'],
  exclude: ['**/*.test.ts', '**/*.styles.ts', '**/*.stories.ts'],
  outdir: '.',
  litelement: true,
  // The analyzer would otherwise rewrite package.json#customElements on every
  // run (racing any concurrent `npm pkg set`); the field is set once, to this outdir.
  packagejson: false,
};
