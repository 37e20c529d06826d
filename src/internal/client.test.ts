import { describe, expect, it } from 'vitest';
import { StatsResponse } from '../contract/stats.js';
import metaJson from '../../tests/fixtures/meta.json';
import problemJson from '../../tests/fixtures/problem-500.json';
import statsJson from '../../tests/fixtures/stats.json';
import { ContractError, createClient, DashRequestError } from './client.js';

const BASE = 'http://dash.test/api/';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A fetch answering from `answer`, recording every request it sees. */
function fakeFetch(answer: (url: URL, request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request);
    return answer(new URL(request.url), request);
  };
  return { fetch: fetch as typeof globalThis.fetch, requests };
}

describe('createClient', () => {
  it('GETs {base}/{path} with the defined params only, and returns the validated body', async () => {
    const fake = fakeFetch(() => json(statsJson));
    const client = createClient({ base: BASE, fetch: fake.fetch, token: 't0k' });
    const stats = await client.getJson(
      'v1/stats',
      { metrics: 'revenue', range: undefined, compare: null, from: '2025-11-01' },
      StatsResponse,
    );

    expect(stats.stats[0]?.value).toBe('12345.60');
    const [request] = fake.requests;
    expect(request?.url).toBe('http://dash.test/api/v1/stats?metrics=revenue&from=2025-11-01');
    expect(request?.headers.get('authorization')).toBe('Bearer t0k');
  });

  it('revalidates instead of trusting the HTTP cache, so a refetch after a live event sees the new data', async () => {
    const fake = fakeFetch(() => json(statsJson));
    await createClient({ base: BASE, fetch: fake.fetch }).getJson('v1/stats', {}, StatsResponse);
    expect(fake.requests[0]?.cache).toBe('no-cache');
  });

  it('turns problem+json into an error carrying the status and the problem', async () => {
    const client = createClient({ base: BASE, fetch: fakeFetch(() => json(problemJson, 500)).fetch });
    const error = await client.getJson('v1/stats', {}, StatsResponse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DashRequestError);
    expect((error as DashRequestError).message).toBe('500 Internal Server Error: the database did not answer');
    expect((error as DashRequestError).status).toBe(500);
    expect((error as DashRequestError).problem?.detail).toBe('the database did not answer');
  });

  it('rejects a body that does not match the schema, naming the field', async () => {
    const broken = { ...statsJson, period: { from: '2025-11-31', to: '2025-11-21', label: 'x' } };
    const client = createClient({ base: BASE, fetch: fakeFetch(() => json(broken)).fetch });
    const error = await client.getJson('v1/stats', {}, StatsResponse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    expect((error as Error).message).toMatch(/^v1\/stats: the response does not match contract v1 \(period\.from: /);
  });

  it('fetches meta once, and again after a failure', async () => {
    let fail = true;
    const fake = fakeFetch(() => (fail ? json(problemJson, 500) : json(metaJson)));
    const client = createClient({ base: BASE, fetch: fake.fetch });
    await expect(client.meta()).rejects.toBeInstanceOf(DashRequestError);
    fail = false;
    const [a, b] = await Promise.all([client.meta(), client.meta()]);
    expect(a).toBe(b);
    expect(a.currency).toBe('EUR');
    expect(fake.requests).toHaveLength(2);
  });

  it('lets one caller abandon shared meta without failing the others', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const client = createClient({ base: BASE, fetch: fakeFetch(async () => (await gate, json(metaJson))).fetch });
    const controller = new AbortController();
    const abandoned = client.meta(controller.signal);
    const kept = client.meta();
    controller.abort();
    release();
    await expect(abandoned).rejects.toMatchObject({ name: 'AbortError' });
    await expect(kept).resolves.toMatchObject({ locale: 'en-IE' });
  });
});
