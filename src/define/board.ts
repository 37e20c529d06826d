/**
 * Registers `<dash-board>`. Import `dashkit/board` for this element alone;
 * importing it twice (or beside another copy of dashkit) is harmless.
 */
import { DashBoard } from '../components/board/board.js';

export { DashBoard };

if (!customElements.get('dash-board')) customElements.define('dash-board', DashBoard);
