/**
 * Registers `<dash-activity>`. Import `dashkitjs/activity` for this element
 * alone; importing it twice (or beside another copy of dashkit) is harmless.
 */
import { DashActivity } from '../components/activity/activity.js';

export { DashActivity };

if (!customElements.get('dash-activity')) customElements.define('dash-activity', DashActivity);
