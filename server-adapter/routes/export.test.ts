/**
 * `v1/export/{report}.csv` against the fake engine: RFC 4180 output (read
 * back with a strict reader), formula-injection safety, paging to the end,
 * parameters and errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeEngine, customerName, TRICKY_NAMES } from '../../tests/support/fake-engine.js';
import { neutralise, toCsv } from '../csv.js';
import { createDashboardServer, type DashboardServer } from '../server.js';

/**
 * A strict RFC 4180 reader: records end with CRLF, a field is either plain
 * (no `"`, CR or LF) or quoted with inner quotes doubled. Anything else throws.
 */
function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const record: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error('unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
          if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
          field += text[i++];
        }
      }
      record.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text.startsWith('\r\n', i)) {
        i += 2;
        break;
      }
      if (i >= text.length) break;
      throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
    }
    records.push(record);
  }
  return records;
}

const servers: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function setup(options: { customers?: number; products?: number } = {}) {
  const engine = createFakeEngine(options);
  const errors: string[] = [];
  const logger = { info() {}, warn() {}, error: (message: string) => void errors.push(message) };
  const server = createDashboardServer({
    engine,
    logger,
    now: () => new Date('2026-11-21T23:30:00Z'),
    timezone: 'Pacific/Auckland',
  });
  servers.push(server);
  return {
    engine,
    errors,
    get: (path: string, init?: RequestInit) => server.fetch(new Request(`http://localhost/${path}`, init)),
  };
}

describe('the strict reader', () => {
  it('rejects what RFC 4180 does not allow', () => {
    expect(() => readCsv('a,b\nc,d\r\n')).toThrow();
    expect(() => readCsv('a"b\r\n')).toThrow();
    expect(() => readCsv('"a"b\r\n')).toThrow();
    expect(() => readCsv('"a\r\n')).toThrow();
    expect(readCsv('a,"b ""c"", d\r\ne"\r\n')).toEqual([['a', 'b "c", d\r\ne']]);
  });
});

describe('csv.ts', () => {
  it('neutralises text cells a spreadsheet would evaluate', () => {
    for (const text of ['=1+1', '+1', '-1', '@x', '\tx', '\rx']) expect(neutralise(text)).toBe(`'${text}`);
    for (const text of ['1', 'a=b', 'x-1', '', "'=already", 'x =1', 'Ａcme', '1＝1'])
      expect(neutralise(text)).toBe(text);
  });

  it('neutralises what OWASP ASVS 1.2.10 names (NUL too), and what it does not but importers still evaluate', () => {
    // ASVS 1.2.10: =, +, -, @, tab and NUL as first character.
    expect(neutralise('\u0000=1+1')).toBe("'\u0000=1+1");
    expect(neutralise('\u0000x')).toBe("'\u0000x");
    // A leading LF, like CR: some programs strip the line break and evaluate the rest.
    expect(neutralise('\n=1+1')).toBe("'\n=1+1");
    expect(neutralise('\nplain')).toBe("'\nplain");
    // A space before =: Excel keeps it as text, but importers that trim cells would not.
    expect(neutralise(' =1+1')).toBe("' =1+1");
    expect(neutralise('  \t@SUM(A1)')).toBe("'  \t@SUM(A1)");
    expect(neutralise(' plain')).toBe(' plain');
    // Fullwidth ＝ (and ＋ － ＠): typed by East Asian input methods, read as = by Excel in those locales.
    for (const text of ['＝1+1', '＋1', '－1', '＠x', ' ＝1']) expect(neutralise(text)).toBe(`'${text}`);
    // Through the whole CSV path: quoted where RFC 4180 asks, and still neutralised.
    expect(toCsv([{ header: 'name', kind: 'text', value: (r: string) => r }], ['\n=1+1', ' =1', '＝1'])).toBe(
      `"'\n=1+1"\r\n' =1\r\n'＝1\r\n`,
    );
  });

  it('writes RFC 4180 and keeps numeric columns numeric', () => {
    const csv = toCsv(
      [
        { header: 'name', kind: 'text', value: (r: { name: string; n: string | number | null }) => r.name },
        { header: 'n', kind: 'number', value: (r) => r.n },
      ],
      [
        { name: 'a "b", c\nd\re', n: '-12.50' },
        { name: '-x', n: -3 },
        { name: 'z', n: null },
      ],
      true,
    );
    expect(csv).toBe('name,n\r\n"a ""b"", c\nd\re",-12.50\r\n\'-x,-3\r\nz,\r\n');
    expect(readCsv(csv)).toEqual([
      ['name', 'n'],
      ['a "b", c\nd\re', '-12.50'],
      ["'-x", '-3'],
      ['z', ''],
    ]);
  });
});

describe('v1/export/{report}.csv', () => {
  it('exports aging: every customer over several pages, one row each, bucket columns, injection-safe', async () => {
    const { engine, get } = setup({ customers: 2345 });
    const response = await get('v1/export/aging.csv?asOf=2026-11-20&buckets=30,60&sort=name');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="aging-2026-11-20.csv"');
    const text = await response.text();
    const rows = readCsv(text);
    expect(rows[0]).toEqual([
      'id',
      'name',
      'total',
      'overdue',
      'current',
      'days_1_30',
      'days_31_60',
      'days_61_plus',
      'invoices',
      'oldestDaysOverdue',
    ]);
    expect(rows).toHaveLength(1 + 2345);
    expect(engine.calls['aging']).toBe(3);
    expect(engine.last['aging']).toMatchObject({
      asOf: '2026-11-20',
      buckets: [30, 60],
      sort: 'name',
      limit: 1000,
      offset: 2000,
    });
    expect(rows.map((r) => r[0])).toEqual(['id', ...Array.from({ length: 2345 }, (_, i) => String(i + 1))]);
    // Every tricky name round-trips, with formula starts neutralised.
    TRICKY_NAMES.forEach((name, i) => {
      expect(rows[i + 1]?.[1]).toBe(/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
    });
    expect(rows[2345]?.[1]).toBe(customerName(2344));
    for (const row of rows.slice(1)) {
      for (const cell of [row[0], ...row.slice(2)]) expect(cell).toMatch(/^-?\d+(\.\d+)?$/);
    }
    expect(rows.find((r) => r[9] === '-3')).toBeDefined();
  });

  it('exports low-stock to the end and keeps negative numbers numeric', async () => {
    const { engine, get } = setup({ products: 1001 });
    const response = await get('v1/export/low-stock.csv');
    const rows = readCsv(await response.text());
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="low-stock-2026-11-22.csv"');
    expect(rows[0]).toEqual(['id', 'sku', 'name', 'quantity', 'reorderLevel', 'status', 'dailyDemand', 'daysOfCover']);
    expect(rows).toHaveLength(1002);
    expect(engine.calls['lowStock']).toBe(2);
    expect(rows[1]).toEqual(['1', "'=SKU", `'${TRICKY_NAMES[0]}`, '0', '10', 'out', '1.5', '-0.5']);
    expect(rows[2]?.slice(6)).toEqual(['', '']);
  });

  it('exports breakdown, series (wide) and segments', async () => {
    const { get } = setup();
    const breakdown = readCsv(await (await get('v1/export/breakdown.csv?metric=revenue&by=customer&limit=2')).text());
    expect(breakdown).toEqual([
      ['key', 'label', 'value', 'share'],
      ['1', `'${TRICKY_NAMES[0]}`, '60.00', '0.6'],
      ['2', `'${TRICKY_NAMES[2]}`, '-10.00', '0'],
      ['other', 'Other', '50.00', '0.4'],
    ]);
    const series = readCsv(await (await get('v1/export/series.csv?metrics=revenue,orders&range=7d')).text());
    expect(series[0]).toEqual(['t', 'revenue', 'revenue_previous', 'orders', 'orders_previous']);
    expect(series[1]).toEqual(['2026-11-15', '00.25', '0', '10.25', '0']);
    expect(series[4]?.[1]).toBe('0');
    expect(series).toHaveLength(8);
    const plain = readCsv(await (await get('v1/export/series.csv?metrics=revenue&compare=none')).text());
    expect(plain[0]).toEqual(['t', 'revenue']);
    const segments = readCsv(await (await get('v1/export/segments.csv?range=30d')).text());
    expect(segments[0]).toEqual(['segment', 'customers', 'revenue', 'averageRevenue', 'topCustomers']);
    expect(segments[1]).toEqual(['high', '2', '900.00', '450.00', `'${TRICKY_NAMES[0]}; ${TRICKY_NAMES[8]}`]);
    expect(segments[3]).toEqual(['low', '0', '0', '', '']);
  });

  it('takes the report parameters, names bad ones, and refuses limit/offset on paged reports', async () => {
    const { get } = setup();
    for (const [path, param] of [
      ['v1/export/aging.csv?limit=10', 'limit'],
      ['v1/export/aging.csv?offset=10', 'offset'],
      ['v1/export/low-stock.csv?limit=10', 'limit'],
      ['v1/export/aging.csv?basis=nope', 'basis'],
      ['v1/export/series.csv?metrics=revenue&granularity=hour', 'granularity'],
      ['v1/export/series.csv', 'metrics'],
      ['v1/export/breakdown.csv?metric=revenue&by=region', 'by'],
      ['v1/export/segments.csv?bogus=1', 'bogus'],
    ] as const) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      const body = (await response.json()) as { errors: { param: string }[] };
      expect(
        body.errors.map((e) => e.param),
        path,
      ).toContain(param);
    }
  });

  it('passes filter (and aging’s bucket) to the report, on every page, and names a bad one', async () => {
    const { get, engine } = setup({ customers: 2500 });
    const aging = await get('v1/export/aging.csv?filter=customer:42&bucket=days_1_30');
    expect(aging.status).toBe(200);
    await aging.text();
    expect(engine.calls['aging']).toBe(3);
    expect(engine.last['aging']).toMatchObject({
      filter: [{ dimension: 'customer', value: '42' }],
      bucket: 'days_1_30',
      offset: 2000,
    });
    for (const report of [
      'series.csv?metrics=revenue&',
      'breakdown.csv?metric=revenue&by=customer&',
      'segments.csv?',
    ]) {
      const response = await get(`v1/export/${report}filter=customer:7`);
      expect(response.status, report).toBe(200);
      await response.text();
    }
    expect(engine.last['series']).toMatchObject({ filter: [{ dimension: 'customer', value: '7' }] });
    expect(engine.last['segments']).toMatchObject({ filter: [{ dimension: 'customer', value: '7' }] });
    const bad = await get('v1/export/low-stock.csv?filter=customer:1,customer:2');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { param: string }[] }).errors.map((e) => e.param)).toEqual(['filter']);
  });

  it('answers an unknown report 404 naming it, and HEAD without a body', async () => {
    const { get } = setup();
    for (const file of ['stats.csv', 'aging.json', 'aging', 'meta.csv']) {
      const response = await get(`v1/export/${file}`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { detail: string }).detail).toContain(JSON.stringify(file));
    }
    const head = await get('v1/export/aging.csv', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await head.text()).toBe('');
  });

  it('answers 503 when the source is down before the first row', async () => {
    const { engine, get } = setup();
    engine.failWith = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const response = await get('v1/export/aging.csv');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).not.toBeNull();
  });

  it('errors the stream (no silently short file) when a later page fails', async () => {
    const { engine, errors, get } = setup({ customers: 1500 });
    const response = await get('v1/export/aging.csv');
    expect(response.status).toBe(200);
    engine.failWith = new Error('connection lost');
    await expect(response.text()).rejects.toThrow();
    expect(errors).toEqual(['CSV export failed mid-stream']);
  });
});

describe('an export with no rows', () => {
  it('still ends, with the header only', async () => {
    const { get } = setup();
    const rows = readCsv(await (await get('v1/export/aging.csv?search=nobody-matches')).text());
    expect(rows).toEqual([
      [
        'id',
        'name',
        'total',
        'overdue',
        'current',
        'days_1_30',
        'days_31_60',
        'days_61_90',
        'days_91_120',
        'days_121_plus',
        'invoices',
        'oldestDaysOverdue',
      ],
    ]);
  });
});
