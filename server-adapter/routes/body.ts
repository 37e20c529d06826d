/** Reading a request body within a size limit, for the routes that take one (the webhooks). */
import { HttpError } from '../errors.js';

/** 413 naming the limit and what the route expects instead. */
export function tooLarge(limit: number, expected: string): HttpError {
  return new HttpError(413, 'Content Too Large', `the body may be at most ${limit} bytes; send ${expected}`);
}

/** The body as text, refusing more than `limit` bytes without reading them all. */
export async function readBody(request: Request, limit: number, expected: string): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > limit) throw tooLarge(limit, expected);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit, expected);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
