/**
 * The "no English word" walker of issue 16: every Latin word a person could see or hear under a root,
 * across every shadow root — text (not styles or scripts), `aria-label`, `title` and `placeholder`.
 *
 * Shared by the widgets' locale tests (in the page) and the Storybook sweep (which sends it into Chromium
 * with `page.evaluate`): `latinWords` therefore refers to nothing outside itself but DOM globals.
 */

/**
 * Words allowed in a Persian or Arabic board, and why: key names as printed on keyboards (the chart's
 * instructions name them: Enter, Home, End, Page Up/Down), the file format CSV, and ISO currency codes.
 */
export const ALLOWED_LATIN_WORDS: readonly string[] = [
  'Enter',
  'Home',
  'End',
  'Page',
  'Up',
  'Down',
  'CSV',
  'EUR',
  'IRR',
  'SAR',
];

/** Every Latin word (two letters or more) under `root` that `allowed` does not list, in document order. */
export function latinWords(root: Node, allowed: readonly string[]): string[] {
  const found: string[] = [];
  const words = (s: string | null | undefined) => (s ?? '').match(/[A-Za-z]{2,}/g) ?? [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement?.localName;
      if (parent !== 'style' && parent !== 'script') found.push(...words(node.textContent));
      return;
    }
    if (node instanceof Element) {
      for (const name of ['aria-label', 'title', 'placeholder']) found.push(...words(node.getAttribute(name)));
      if (node.shadowRoot) visit(node.shadowRoot);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return found.filter((w) => !allowed.includes(w));
}
