/// <reference types="vite/client" />
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import '../src/index.js';

// `custom-elements.json` (from `npm run analyze`) feeds the docs tables. A glob instead of an
// import, so that Storybook still starts on a fresh checkout where the file is not generated yet.
const manifests = import.meta.glob<Manifest>('../custom-elements.json', { eager: true, import: 'default' });
const manifest = Object.values(manifests)[0];
if (manifest) setCustomElementsManifest(publicOnly(manifest));

interface Manifest {
  modules?: { declarations?: { members?: { privacy?: string }[] }[] }[];
}

/** The docs tables are the public API: drop private and protected members (the task, render helpers). */
function publicOnly(source: Manifest): Manifest {
  const copy = structuredClone(source);
  for (const mod of copy.modules ?? []) {
    for (const declaration of mod.declarations ?? []) {
      if (declaration.members)
        declaration.members = declaration.members.filter((m) => !m.privacy || m.privacy === 'public');
    }
  }
  return copy;
}

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    controls: { expanded: true },
    // Violations fail the story in the test runner instead of only showing in the panel.
    a11y: {
      test: 'error',
      options: { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } },
    },
  },
};

export default preview;
