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
const PACKAGE = dirname(require.resolve('vazirmatn/package.json'));
const DIR = join(PACKAGE, 'fonts', 'ttf');

/** The folder of Vazirmatn's web fonts (WOFF2, the variable `Vazirmatn[wght].woff2` among them), which the demo page serves. */
export const WEB_FONT_DIR = join(PACKAGE, 'fonts', 'webfonts');

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
