/** Adds the envelope the handler would add, so engine bodies can be checked against the contract schemas. */
export function withEnvelope<T extends object>(
  body: T,
): T & { generatedAt: string; cache: { hit: boolean; ageSeconds: number; stale: boolean } } {
  return { ...body, generatedAt: '2026-03-31T12:00:00.000Z', cache: { hit: false, ageSeconds: 0, stale: false } };
}
