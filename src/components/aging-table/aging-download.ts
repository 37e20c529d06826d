/**
 * The aging table's CSV export when requests carry a bearer token a plain
 * link would not send: the file fetched with the client's headers and saved
 * through a Blob URL. Loaded on the click.
 */
import type { DashClient } from '../../internal/client.js';

type Query = Readonly<Record<string, string | undefined>>;

/**
 * Fetches the export with the client's headers and hands it to the browser as a download named
 * `aging-<asOf>.csv` (`aging-report.csv` without a report date).
 */
export async function downloadAgingCsv(client: DashClient, query: Query, asOf: string | undefined): Promise<void> {
  if (!client.getBlob) return;
  const blob = await client.getBlob('v1/export/aging.csv', query);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `aging-${asOf ?? 'report'}.csv`;
  link.click();
  // The click has handed the Blob to the download; the URL is no longer needed.
  queueMicrotask(() => URL.revokeObjectURL(url));
}
