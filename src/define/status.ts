/**
 * Registers `<dash-status>`. Import `dashkitjs/status` for this element
 * alone; importing it twice (or beside another copy of dashkit) is harmless.
 */
import { DashStatus } from '../components/status/status.js';

export { DashStatus };

if (!customElements.get('dash-status')) customElements.define('dash-status', DashStatus);
