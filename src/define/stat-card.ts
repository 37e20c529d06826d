/**
 * Registers `<dash-stat-card>`. Import `dashkitjs/stat-card` for this element
 * alone; importing it twice (or beside another copy of dashkit) is harmless.
 */
import { DashStatCard } from '../components/stat-card/stat-card.js';

export { DashStatCard };

if (!customElements.get('dash-stat-card')) customElements.define('dash-stat-card', DashStatCard);
