/**
 * The aging table's CSV export: a plain link to `v1/export/aging.csv` with the
 * table's parameters, or — when requests carry a bearer token a link would
 * not send — a fetch of the file saved through a Blob URL.
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

/** Fetches the export with the client's headers and hands it to the browser as a download named `filename`. */
export async function downloadAgingCsv(client: DashClient, query: Query, filename: string): Promise<void> {
  if (!client.getBlob) return;
  const blob = await client.getBlob('v1/export/aging.csv', query);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The click has handed the Blob to the download; the URL is no longer needed.
  queueMicrotask(() => URL.revokeObjectURL(url));
}
