/**
 * The data source: a `Source` the host passed (kept open for it), PostgreSQL
 * from a URL, or an embedded PGlite database — empty with the commerce
 * schema, or seeded with the demo data. Drivers load only when used.
 */
import { todayIn } from '../engine/calendar.js';
import type { DashboardServerOptions } from '../options.js';
import { isSource, type Settings } from '../settings.js';
import type { Source } from '../sources/source.js';
import { borrowed, type Part } from './part.js';

/** Undefined only for a host's own engine without a source to seed (then `v1/health` has nothing to probe). */
export async function openSource(
  options: DashboardServerOptions,
  settings: Settings,
): Promise<Part<Source | undefined>> {
  let opened: Part<Source | undefined>;
  if (isSource(options.source)) opened = borrowed(options.source);
  else if (options.source) {
    const { createPgSource } = await import('../sources/pg.js');
    const pg = await createPgSource({ connectionString: options.source.databaseUrl });
    opened = { part: pg, close: () => pg.close() };
  } else if (!options.engine || options.seedDemo) {
    const { createPgliteSource } = await import('../sources/pglite.js');
    const pglite = await createPgliteSource();
    opened = { part: pglite, close: () => pglite.close() };
    if (!options.seedDemo) {
      // An empty embedded database still answers every report (with zeros) instead of failing on missing tables.
      const { COMMERCE_SCHEMA_SQL } = await import('../demo/schema.js');
      await pglite.exec(COMMERCE_SCHEMA_SQL).catch(async (error: unknown) => {
        await pglite.close();
        throw error;
      });
    }
  } else return borrowed(undefined);

  if (options.seedDemo && opened.part) {
    try {
      const { seedDemo } = await import('../demo/seed.js');
      const now = settings.now();
      await seedDemo(opened.part, { anchor: todayIn(now, settings.timezone), timezone: settings.timezone, now });
    } catch (error) {
      await opened.close();
      throw error;
    }
  }
  return opened;
}
