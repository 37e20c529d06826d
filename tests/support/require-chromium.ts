/**
 * Global setup of the `browser` project, used only when no Chromium was found:
 * stops the run with the install command instead of Playwright's generic
 * launch error. Applies under `CI=true` too — browser tests never skip.
 */
import { locateChromium } from './chromium.js';

export default function requireChromium(): void {
  const found = locateChromium();
  if (!found.ok) {
    console.error(`\n${found.message}\n`);
    throw new Error(found.message);
  }
}
