/**
 * The aging table's CSV export link: `v1/export/aging.csv` with the table's
 * parameters (with a token, aging-download.ts fetches the file instead).
 */
import type { DashClient } from '../../internal/client.js';

type Query = Readonly<Record<string, string | undefined>>;

/** `{base}/v1/export/aging.csv?…` with the given report parameters (empty ones left out). */
export function agingExportUrl(client: DashClient, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const qs = params.toString();
  return `${client.base}/v1/export/aging.csv${qs ? `?${qs}` : ''}`;
}
