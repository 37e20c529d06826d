/**
 * Late providers: a card upgraded before its `<dash-board>` (say, the page
 * imports `dashkitjs/stat-card` before `dashkitjs/board`, or the parser met them in
 * that order) asks for the context while nobody can answer. A context root on
 * the document keeps such requests and replays them when a board appears.
 */
import { attachContextRoot } from './context.js';

let attached = false;

/** Attaches one `ContextRoot` to the document; every consumer and provider calls this (cheap after the first). */
export function ensureContextRoot(): void {
  if (attached || typeof document === 'undefined') return;
  attached = true;
  attachContextRoot(document.documentElement);
}
