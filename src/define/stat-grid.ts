/**
 * Registers `<dash-stat-grid>` (and the `<dash-stat-card>` it renders). Import
 * `dashkitjs/stat-grid` for this element alone; importing it twice is harmless.
 */
import { DashStatGrid } from '../components/stat-grid/stat-grid.js';
import './stat-card.js';

export { DashStatGrid };

if (!customElements.get('dash-stat-grid')) customElements.define('dash-stat-grid', DashStatGrid);
