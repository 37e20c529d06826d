/// <reference types="vite/client" />
import { setCustomElementsManifest, type Decorator, type Preview } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { ref } from 'lit/directives/ref.js';
import '../src/index.js';
import { rewriteAnswers } from '../tests/support/mock-fetch.js';
import { answerAsTheAdapter, setHostLocale } from '../tests/support/story-localize.js';

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

// The stories' backends answer as the adapter does: they list its calendars in `v1/meta`, and write their
// text in the locale and calendar each request asks for (a story switched to Persian shows no English).
rewriteAnswers(answerAsTheAdapter);

/** The toolbar's locales: English, and the five other built-in catalogs (right to left for fa and ar). */
const LOCALES = [
  { value: 'story', title: 'As the story says' },
  { value: 'en-US', title: 'English' },
  { value: 'fa-IR', title: 'فارسی (rtl, Solar Hijri)', right: 'rtl' },
  { value: 'ar-SA', title: 'العربية (rtl, Umm al-Qura)', right: 'rtl' },
  { value: 'de-DE', title: 'Deutsch' },
  { value: 'fr-FR', title: 'Français' },
  { value: 'es-ES', title: 'Español' },
];

const CALENDARS: Record<string, string> = { 'fa-IR': 'persian', 'ar-SA': 'islamic-umalqura' };

/**
 * Applies the toolbar's locale (with its calendar) and theme to every dashkit element of the story, before
 * the first render (the `ref` callback runs as soon as the story's elements exist), and gives the frame the
 * matching `dir` and background.
 */
const withLocaleAndTheme: Decorator = (story, context) => {
  const locale = String(context.globals['locale'] ?? 'story');
  const theme = String(context.globals['theme'] ?? 'story');
  // The ref runs before the story's own elements are in the wrapper; a microtask runs after they are (the
  // render is synchronous) and before their first update (queued later, as they connect).
  const apply = (wrapper?: Element) => queueMicrotask(() => set(wrapper));
  const set = (wrapper?: Element) => {
    for (const el of wrapper?.querySelectorAll('*') ?? []) {
      if (!el.localName.startsWith('dash-')) continue;
      if (locale !== 'story') {
        el.setAttribute('locale', locale);
        const calendar = CALENDARS[locale];
        if (calendar) el.setAttribute('calendar', calendar);
        else el.removeAttribute('calendar');
      }
      if (theme !== 'story') el.setAttribute('theme', theme);
    }
  };
  // The story's host (its shop's names, its pipelines) writes in the toolbar's language.
  setHostLocale(locale === 'story' ? undefined : locale);
  const dir = locale === 'fa-IR' || locale === 'ar-SA' ? 'rtl' : undefined;
  // `--story-page` is the page colour the "Dark" stories paint behind their widgets: the toolbar's theme wins.
  const background =
    theme === 'dark'
      ? 'background: #0d1117; padding: 1rem; --story-page: #0d1117;'
      : theme === 'light'
        ? '--story-page: #ffffff;'
        : '';
  return html`<div
    ${ref(apply)}
    dir=${ifDefined(dir)}
    lang=${ifDefined(locale === 'story' ? undefined : locale)}
    style=${background}
  >
    ${story()}
  </div>`;
};

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes: {
    locale: {
      description: 'Locale (and direction) of every widget in the story',
      toolbar: { title: 'Locale', icon: 'globe', items: LOCALES, dynamicTitle: true },
    },
    theme: {
      description: 'Theme of every widget in the story',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'story', title: 'As the story says' },
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'story', theme: 'story' },
  decorators: [withLocaleAndTheme],
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
