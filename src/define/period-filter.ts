/**
 * Registers `<dash-period-filter>`. Import `dashkitjs/period-filter` for this
 * element alone; importing it twice (or beside another copy of dashkit) is harmless.
 */
import { DashPeriodFilter } from '../components/period-filter/period-filter.js';

export { DashPeriodFilter };

if (!customElements.get('dash-period-filter')) customElements.define('dash-period-filter', DashPeriodFilter);
