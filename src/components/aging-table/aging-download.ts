/**
 * Files fetched with the client's headers and saved through a Blob URL, for
 * requests that carry a bearer token a plain link would not send: the aging
 * table's CSV export, and `saveBlob` for the board's export menu too. Loaded
 * on demand only (the aging table's export click, the board's export menu):
 * one small chunk both share, so neither pays for a third file.
 */
import type { DashClient } from '../../internal/client.js';

type Query = Readonly<Record<string, string | undefined>>;

/** Hands `blob` to the browser as a download named `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The click has handed the Blob to the download; the URL is no longer needed.
  queueMicrotask(() => URL.revokeObjectURL(url));
}

/**
 * Fetches the export with the client's headers and hands it to the browser as a download named
 * `aging-<asOf>.csv` (`aging-report.csv` without a report date).
 */
export async function downloadAgingCsv(client: DashClient, query: Query, asOf: string | undefined): Promise<void> {
  if (client.getBlob) saveBlob(await client.getBlob('v1/export/aging.csv', query), `aging-${asOf ?? 'report'}.csv`);
}
