/**
 * Registers `<dash-low-stock>`. Import `dashkitjs/low-stock` for this element
 * alone; importing it twice (or beside another copy of dashkit) is harmless.
 */
import { DashLowStock } from '../components/low-stock/low-stock.js';

export { DashLowStock };

if (!customElements.get('dash-low-stock')) customElements.define('dash-low-stock', DashLowStock);
