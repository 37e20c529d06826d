/**
 * docs/widgets.md cannot drift from the elements: the manifest is computed
 * from the sources (as `npm run analyze` would), the generated tables must be
 * what `npm run docs:widgets` writes today, and the page must name every
 * element, attribute, property, event, part and custom property — and nothing
 * that does not exist.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyzeManifest,
  checkWidgetsDoc,
  elementsOf,
  type Manifest,
  updateWidgetsDoc,
  WIDGETS_DOC,
} from '../../scripts/widgets-doc.js';

const FIX = 'run `npm run docs:widgets` and describe what is new in the prose around the tables';

let manifest: Manifest;
let doc: string;

beforeAll(async () => {
  manifest = await analyzeManifest();
  doc = readFileSync(WIDGETS_DOC, 'utf8');
}, 60_000);

describe('docs/widgets.md', () => {
  it('covers every element of the manifest', () => {
    const tags = elementsOf(manifest).map((e) => e.tagName);
    expect(tags).toEqual(expect.arrayContaining(['dash-board', 'dash-stat-card', 'dash-chart']));
    for (const tag of tags) expect(doc, tag).toContain(`## \`<${tag}>\``);
  });

  it('has the tables `npm run docs:widgets` generates from the sources today', async () => {
    const expected = await updateWidgetsDoc(doc, manifest);
    expect(doc === expected, FIX).toBe(true);
  });

  it('documents every name the elements have, and names nothing they do not have', () => {
    expect(checkWidgetsDoc(doc, manifest), FIX).toEqual([]);
  });

  it('notices a name that does not exist, in prose, examples or styles', () => {
    const bad = [
      doc,
      '<dash-stat-card metric="revenue" trend-color="red"></dash-stat-card>',
      'Listen for `dash-value-click` on the card.',
      'Style it with `dash-chart::part(legend)` and `--dash-chart-glow`.',
      '<dash-nope></dash-nope>',
    ].join('\n\n');
    expect(checkWidgetsDoc(bad, manifest)).toEqual(
      expect.arrayContaining([
        '<dash-stat-card trend-color>: no such attribute',
        '"dash-value-click": no element or event has this name',
        '"dash-chart::part(legend)": no such CSS part',
        '"--dash-chart-glow": no element documents this custom property',
        '"dash-nope": no element or event has this name',
      ]),
    );
  });

  it('notices a name left out of an element section', () => {
    const [element] = elementsOf(manifest).filter((e) => (e.cssParts ?? []).length > 0);
    const part = element!.cssParts![0]!.name;
    const heading = `## \`<${element!.tagName}>\``;
    const from = doc.indexOf(heading);
    const to = doc.indexOf('\n## ', from + heading.length);
    const section = doc.slice(from, to < 0 ? undefined : to).replaceAll(`\`${part}\``, '`x`');
    const without = doc.slice(0, from) + section + (to < 0 ? '' : doc.slice(to));
    expect(checkWidgetsDoc(without, manifest)).toContain(`${element!.tagName}: CSS part ${part} is not documented`);
  });
});
