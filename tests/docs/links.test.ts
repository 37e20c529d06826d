/**
 * Relative links in README.md and docs/*.md point at files that exist, and
 * their `#anchors` at headings that exist (GitHub's heading slugs).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../scripts/widgets-doc.js';

const FILES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]!)));
}

describe('links in the documentation', () => {
  it('slugs headings as GitHub does', () => {
    expect(slug('7. Who sees what: authentication')).toBe('7-who-sees-what-authentication');
    expect(slug('`<dash-period-filter>`')).toBe('dash-period-filter');
    expect(slug('`v1/aging`')).toBe('v1aging');
  });

  it.each(FILES)('%s links only to files and headings that exist', (file) => {
    const path = join(ROOT, file);
    const text = readFileSync(path, 'utf8').replace(/```[\s\S]*?```/g, '');
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // http:, https:, mailto:
      const [where, anchor] = target!.split('#');
      const linked = where ? join(dirname(path), where) : path;
      if (!existsSync(linked)) broken.push(`${target}: no file ${relative(ROOT, linked)}`);
      else if (anchor && linked.endsWith('.md') && !anchors(linked).has(anchor))
        broken.push(`${target}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });
});
