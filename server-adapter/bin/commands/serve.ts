/**
 * `dashkit serve`: the adapter as its own process, so a Django or Rails host
 * can serve dashboards from its PostgreSQL without writing Node code. With no
 * database it runs on an embedded PGlite seeded with demo data. Arguments in
 * serve/args.ts, the process in serve/start.ts (loaded only when it runs).
 */
import { existsSync } from 'node:fs';
import { parseServeArgs, USAGE } from '../serve/args.js';
import type { Command } from './command.js';

export const serve: Command = {
  name: 'serve',
  summary: 'Serve the dashboard contract and a demo page over HTTP',
  usage: USAGE,
  async run(argv) {
    const parsed = parseServeArgs(argv, process.env);
    if (!parsed.ok) {
      process.stderr.write(`dashkit serve: ${parsed.error}\n\n${USAGE}\n`);
      return 2;
    }
    if (parsed.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (parsed.config.configPath && !existsSync(parsed.config.configPath)) {
      process.stderr.write(`dashkit serve: --config: no such file ${JSON.stringify(parsed.config.configPath)}\n`);
      return 2;
    }
    const { start } = await import('../serve/start.js');
    return start(parsed.config);
  },
};
