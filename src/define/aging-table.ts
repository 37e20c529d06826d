/**
 * Registers `<dash-aging-table>`. Import `dashkitjs/aging-table` for this
 * element alone; importing it twice (or beside another copy of dashkit) is harmless.
 */
import { DashAgingTable } from '../components/aging-table/aging-table.js';

export { DashAgingTable };

if (!customElements.get('dash-aging-table')) customElements.define('dash-aging-table', DashAgingTable);
