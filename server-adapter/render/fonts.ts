/**
 * The fonts every rendered board embeds: Vazirmatn (SIL Open Font License
 * 1.1, npm `vazirmatn`), which covers Latin and shapes Persian and Arabic, so
 * one family draws every locale the widgets speak.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The family name in SVG and HTML. */
export const FONT_FAMILY = 'Vazirmatn';

const require = createRequire(import.meta.url);
const DIR = join(dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'ttf');

/** Paths of the regular and bold faces (TrueType). */
export const FONT_FILES = {
  regular: join(DIR, 'Vazirmatn-Regular.ttf'),
  bold: join(DIR, 'Vazirmatn-Bold.ttf'),
} as const;

let loaded: { regular: Buffer; bold: Buffer } | undefined;

/** The faces' bytes, read once. */
export function fontData(): { regular: Buffer; bold: Buffer } {
  loaded ??= { regular: readFileSync(FONT_FILES.regular), bold: readFileSync(FONT_FILES.bold) };
  return loaded;
}
