import { describe, expect, it } from 'vitest';
import { findChromium, SYSTEM_CHROMIUM } from './chromium.js';

const PLAYWRIGHT = '/root/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

function lookup(env: Record<string, string | undefined>, files: string[], playwright: string | undefined = PLAYWRIGHT) {
  const present = new Set(files);
  return findChromium({ env, exists: (p) => present.has(p), playwrightPath: () => playwright });
}

describe('findChromium', () => {
  it('prefers CHROMIUM_PATH over everything else', () => {
    const r = lookup({ CHROMIUM_PATH: '/opt/a', CHROME_PATH: '/opt/b' }, [
      '/opt/a',
      '/opt/b',
      SYSTEM_CHROMIUM,
      PLAYWRIGHT,
    ]);
    expect(r).toEqual({ ok: true, path: '/opt/a', source: 'CHROMIUM_PATH' });
  });

  it('uses CHROME_PATH when CHROMIUM_PATH is unset or blank', () => {
    const r = lookup({ CHROMIUM_PATH: '  ', CHROME_PATH: '/opt/b' }, ['/opt/b', SYSTEM_CHROMIUM]);
    expect(r).toEqual({ ok: true, path: '/opt/b', source: 'CHROME_PATH' });
  });

  it('falls back to the system package, then to Playwright’s browser', () => {
    expect(lookup({}, [SYSTEM_CHROMIUM, PLAYWRIGHT])).toEqual({ ok: true, path: SYSTEM_CHROMIUM, source: 'system' });
    expect(lookup({}, [PLAYWRIGHT])).toEqual({ ok: true, path: PLAYWRIGHT, source: 'playwright' });
  });

  it('does not load Playwright when an earlier candidate matched', () => {
    let asked = false;
    const r = findChromium({
      env: {},
      exists: (p) => p === SYSTEM_CHROMIUM,
      playwrightPath: () => {
        asked = true;
        return PLAYWRIGHT;
      },
    });
    expect(r.ok).toBe(true);
    expect(asked).toBe(false);
  });

  it('fails on a variable naming a missing file instead of silently using another browser', () => {
    const r = lookup({ CHROMIUM_PATH: '/typo/chromium' }, [SYSTEM_CHROMIUM]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toContain('CHROMIUM_PATH is set to "/typo/chromium"');
  });

  it('names the install commands when nothing is found', () => {
    for (const playwright of [PLAYWRIGHT, undefined]) {
      const r = lookup({ CI: 'true' }, [], playwright);
      expect(r.ok).toBe(false);
      const message = r.ok ? '' : r.message;
      expect(message).toContain('apt-get install -y chromium');
      expect(message).toContain('npx playwright install chromium');
    }
  });
});
