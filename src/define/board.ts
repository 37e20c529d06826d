/**
 * Registers `<dash-board>`. Import `dashkitjs/board` for this element alone;
 * importing it twice (or beside another copy of dashkit) is harmless.
 */
import { DashBoard } from '../components/board/board.js';

export { DashBoard };

if (!customElements.get('dash-board')) customElements.define('dash-board', DashBoard);

/** The widgets' message catalogs: add a language or override texts (docs/widgets.md, "Languages"). */
export { loadMessages, registerMessages } from '../internal/i18n.js';
export type { Message, MessageKey, Messages, PluralMessage } from '../internal/i18n.js';
