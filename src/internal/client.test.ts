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

  it('retries a 503 once after its Retry-After, and a 500 never', async () => {
    const statuses = [503, 200];
    const fake = fakeFetch(() => {
      const status = statuses.shift() ?? 500;
      return status === 503
        ? new Response('busy', { status, headers: { 'retry-after': '1' } })
        : status === 200
          ? json(statsJson)
          : json(problemJson, 500);
    });
    const client = createClient({ base: BASE, fetch: fake.fetch });
    const started = performance.now();
    await expect(client.getJson('v1/stats', {}, StatsResponse)).resolves.toHaveProperty('stats.0.value', '12345.60');
    expect(fake.requests).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    await expect(client.getJson('v1/stats', {}, StatsResponse)).rejects.toMatchObject({ status: 500 });
    expect(fake.requests).toHaveLength(3);
  });

  it("gives up on a second 503 with the server's problem, and retries a network failure once", async () => {
    const always503 = fakeFetch(() => json({ ...problemJson, status: 503, title: 'Service Unavailable' }, 503));
    const error = await createClient({ base: BASE, fetch: always503.fetch })
      .getJson('v1/stats', {}, StatsResponse)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, message: '503 Service Unavailable: the database did not answer' });
    expect(always503.requests).toHaveLength(2);

    let calls = 0;
    const flaky = (async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('Failed to fetch');
      return json(statsJson);
    }) as typeof fetch;
    await expect(
      createClient({ base: BASE, fetch: flaky }).getJson('v1/stats', {}, StatsResponse),
    ).resolves.toBeTruthy();
    expect(calls).toBe(2);
  });

  it("abandons a request after the timeout with a readable error, and passes the caller's abort through", async () => {
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      )) as typeof fetch;
    const slow = createClient({ base: BASE, fetch: hanging, timeout: 50 });
    await expect(slow.getJson('v1/stats', {}, StatsResponse)).rejects.toMatchObject({
      name: 'DashRequestError',
      message: 'the server did not answer in time',
    });
    const controller = new AbortController();
    const patient = createClient({ base: BASE, fetch: hanging, timeout: false });
    const pending = patient.getJson('v1/stats', {}, StatsResponse, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  describe('with a token function', () => {
    /** A fetch that refuses (401) every token in `expired`, and records the tokens it saw. */
    function expiring(expired: Set<string>) {
      return fakeFetch((_url, request) => {
        const token = request.headers.get('authorization')?.replace('Bearer ', '') ?? '';
        return expired.has(token) ? json({ ...problemJson, status: 401, title: 'Unauthorized' }, 401) : json(statsJson);
      });
    }
    const tokens = (requests: Request[]) => requests.map((r) => r.headers.get('authorization'));

    it('asks once and reuses the token for every request', async () => {
      const fake = expiring(new Set());
      let asked = 0;
      const client = createClient({ base: BASE, fetch: fake.fetch, token: () => `t${++asked}` });
      await client.getJson('v1/stats', {}, StatsResponse);
      await client.getJson('v1/stats', {}, StatsResponse);
      expect(asked).toBe(1);
      expect(tokens(fake.requests)).toEqual(['Bearer t1', 'Bearer t1']);
    });

    it('on a 401 asks again once and repeats the request with the new token', async () => {
      const expired = new Set<string>();
      const fake = expiring(expired);
      let asked = 0;
      const client = createClient({ base: BASE, fetch: fake.fetch, token: async () => `t${++asked}` });
      await client.getJson('v1/stats', {}, StatsResponse);
      expired.add('t1'); // the page stayed open past the token's expiry
      const stats = await client.getJson('v1/stats', {}, StatsResponse);
      expect(stats.stats[0]?.value).toBe('12345.60');
      expect(tokens(fake.requests)).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t2']);
      expect(asked).toBe(2);
    });

    it('shows the 401 when the new token is refused too, and asks again on the next request (Retry)', async () => {
      const fake = expiring(new Set(['t1', 't2']));
      let asked = 0;
      const client = createClient({ base: BASE, fetch: fake.fetch, token: () => `t${++asked}` });
      const error = await client.getJson('v1/stats', {}, StatsResponse).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DashRequestError);
      expect((error as DashRequestError).status).toBe(401);
      expect(asked).toBe(2);
      await client.getJson('v1/stats', {}, StatsResponse);
      expect(tokens(fake.requests)).toEqual(['Bearer t1', 'Bearer t2', 'Bearer t2', 'Bearer t3']);
    });

    it('renews once for requests refused at the same time', async () => {
      const expired = new Set<string>();
      const fake = expiring(expired);
      let asked = 0;
      const client = createClient({ base: BASE, fetch: fake.fetch, token: () => `t${++asked}` });
      await client.getJson('v1/stats', {}, StatsResponse);
      expired.add('t1');
      await Promise.all([1, 2, 3].map(() => client.getJson('v1/stats', {}, StatsResponse)));
      expect(asked).toBe(2);
      expect(tokens(fake.requests).filter((t) => t === 'Bearer t2')).toHaveLength(3);
    });

    it('does not repeat a request refused with a fixed string token', async () => {
      const fake = expiring(new Set(['fixed']));
      const client = createClient({ base: BASE, fetch: fake.fetch, token: 'fixed' });
      await expect(client.getJson('v1/stats', {}, StatsResponse)).rejects.toMatchObject({ status: 401 });
      expect(fake.requests).toHaveLength(1);
    });

    it('fails the request when the function fails, and asks again next time', async () => {
      const fake = expiring(new Set());
      let down = true;
      const client = createClient({
        base: BASE,
        fetch: fake.fetch,
        token: async () => {
          if (down) throw new Error('token endpoint down');
          return 'ok';
        },
      });
      await expect(client.getJson('v1/stats', {}, StatsResponse)).rejects.toThrow('token endpoint down');
      down = false;
      await client.getJson('v1/stats', {}, StatsResponse);
      expect(tokens(fake.requests)).toEqual(['Bearer ok']);
    });

    it('sends the token with CSV exports too', async () => {
      const fake = expiring(new Set());
      const client = createClient({ base: BASE, fetch: fake.fetch, token: () => 'csv' });
      await client.getBlob!('v1/export/aging.csv', {});
      expect(tokens(fake.requests)).toEqual(['Bearer csv']);
      expect(fake.requests[0]?.headers.get('accept')).toBe('*/*');
    });
  });
});
