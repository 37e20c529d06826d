/**
 * `npm run analyze` (and the last step of `npm run build`): custom-elements.json
 * at the repository root, from the elements' JSDoc. Read by Storybook's docs
 * and by editors through package.json#customElements.
 */

/**
 * An attribute reads as its property does. An element that gives an inherited
 * property its own description (`@property range - …` in its class JSDoc, see
 * src/internal/shared-attributes.ts) changes the property's entry only; this
 * carries that text to the attribute, so the two cannot disagree.
 */
function attributesDescribedByTheirProperty() {
  return {
    name: 'dashkit - attributes described by their property',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules ?? []) {
        for (const declaration of module.declarations ?? []) {
          for (const attribute of declaration.attributes ?? []) {
            const field = declaration.members?.find((m) => m.kind === 'field' && m.name === attribute.fieldName);
            if (field?.description) attribute.description = field.description;
          }
        }
      }
    },
  };
}

export default {
  // src/define/ holds the `customElements.define` calls: without it the
  // manifest has classes but no tag names.
  // src/internal/dash-element.ts and shared-attributes.ts: the base class and the mixins, so that the
  // inherited attributes (`theme`; `src`, the period, `locale`) are listed with their descriptions.
  globs: [
    'src/components/**/*.ts',
    'src/define/*.ts',
    'src/internal/dash-element.ts',
    'src/internal/shared-attributes.ts',
  ],
  exclude: ['**/*.test.ts', '**/*.styles.ts', '**/*.stories.ts'],
  outdir: '.',
  litelement: true,
  // The analyzer would otherwise rewrite package.json#customElements on every
  // run (racing any concurrent `npm pkg set`); the field is set once, to this outdir.
  packagejson: false,
  plugins: [attributesDescribedByTheirProperty()],
};
