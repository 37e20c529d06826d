/**
 * Small helpers the element tests share: axe-core limited to WCAG 2.1 A/AA,
 * shadow-part lookup, readable text, and emulating `prefers-color-scheme`.
 */
import axe from 'axe-core';
import { cdp } from 'vitest/browser';

/** axe-core violations inside `el`, one line each; `[]` when clean. */
export async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** The first element with `part~=name` in `el`'s shadow root. */
export function part<T extends HTMLElement = HTMLElement>(el: Element, name: string): T | null {
  return el.shadowRoot!.querySelector<T>(`[part~="${name}"]`);
}

/** Every element with `part~=name` in `el`'s shadow root. */
export function parts<T extends HTMLElement = HTMLElement>(el: Element, name: string): T[] {
  return [...el.shadowRoot!.querySelectorAll<T>(`[part~="${name}"]`)];
}

/** Text with layout whitespace collapsed; Intl's meaningful no-break spaces are kept. */
export const text = (node: Element | null | undefined) => node?.textContent?.replace(/[ \t\r\n]+/g, ' ').trim();

/** Emulates `prefers-color-scheme` for the whole tab (Chromium DevTools protocol); `undefined` restores it. */
export async function emulateColorScheme(value: 'light' | 'dark' | undefined): Promise<void> {
  await cdp().send('Emulation.setEmulatedMedia', {
    features: [{ name: 'prefers-color-scheme', value: value ?? '' }],
  });
}
