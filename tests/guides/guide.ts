/**
 * Reading a getting-started guide the way its end-to-end test follows it:
 * the code block after a `<!-- <prefix>:<name> -->` marker, the shell block
 * holding a given command, and a fresh PostgreSQL database for the app the
 * guide builds (a database of its own: the guides create schemas and roles
 * a shared `test` database must not see).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATABASE_URL } from '../support/databases.js';
import { ROOT } from '../support/examples.js';
import { createPgSource } from '../../server-adapter/sources/pg.js';

export interface Guide {
  text: string;
  /** The fenced block after `<!-- <prefix>:<marker> -->`. */
  block(marker: string): string;
  /** The fenced block (of `lang`) that contains `needle`; fails when none or several do. */
  blockWith(lang: string, needle: string): string;
}

export function readGuide(file: string, prefix: string): Guide {
  const text = readFileSync(join(ROOT, 'docs', file), 'utf8');
  const fences = (lang: string) =>
    [...text.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```', 'g'))].map((m) => m[1]!);
  return {
    text,
    block(marker) {
      const at = text.indexOf(`<!-- ${prefix}:${marker} -->`);
      if (at < 0) throw new Error(`docs/${file} has no <!-- ${prefix}:${marker} --> marker`);
      const fence = /```[\w-]*\n([\s\S]*?)\n```/.exec(text.slice(at));
      if (!fence) throw new Error(`no code block after the ${marker} marker`);
      return fence[1]!;
    },
    blockWith(lang, needle) {
      const found = fences(lang).filter((b) => b.includes(needle));
      if (found.length !== 1) throw new Error(`docs/${file}: ${found.length} ${lang} blocks contain ${needle}`);
      return found[0]!;
    },
  };
}

export interface AppDatabase {
  name: string;
  /** `postgres://…/<name>` as the server's superuser. */
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server; `drop()` removes it (and cuts its connections). */
export async function appDatabase(prefix: string): Promise<AppDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = await createPgSource({ connectionString: DATABASE_URL, poolConfig: { max: 1 } });
  try {
    await admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  url.search = '';
  return {
    name,
    url: url.toString(),
    async drop() {
      const again = await createPgSource({ connectionString: DATABASE_URL, poolConfig: { max: 1 } });
      try {
        await again.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.close();
      }
    },
  };
}
