/**
 * `dashkit serve --help`: every flag, its `DASHKIT_<FLAG>` variable and its
 * default, as the text the command prints (docs/adapter.md's flag table is
 * checked against it).
 */
import { MIN_SECRET_BYTES } from '../../auth/jwt.js';
import { DEFAULT_ROLLUP_SCHEMA } from '../../engine/rollups/index.js';
import { DEFAULT_MAX_CLIENTS, DEFAULT_MAX_CLIENTS_PER_SUBJECT } from '../../live/sse.js';
import { DEFAULT_CURRENCY, DEFAULT_LOCALE, DEFAULT_TIMEZONE, MIN_INVALIDATE_SECRET_LENGTH } from '../../options.js';
import { DEFAULT_HOST, DEFAULT_PORT } from './serve-config.js';

export const USAGE = `Usage: dashkit serve [options]

Serve the dashboard contract at {base-path}/v1/... and a demo page at /.
With no database, an embedded PGlite database seeded with demo data is used.

Options (each also read from the environment variable in brackets):
  --database-url <url>  PostgreSQL connection string [DASHKIT_DATABASE_URL, DATABASE_URL]
  --redis-url <url>     share the cache through Redis [DASHKIT_REDIS_URL, REDIS_URL]
  --port <n>            port to listen on, 0 for any free one (default ${DEFAULT_PORT}) [DASHKIT_PORT]
  --host <addr>         address to bind (default ${DEFAULT_HOST}) [DASHKIT_HOST]
  --timezone <zone>     IANA zone periods are resolved in (default ${DEFAULT_TIMEZONE}) [DASHKIT_TIMEZONE]
  --currency <code>     ISO 4217 currency of money values (default ${DEFAULT_CURRENCY}) [DASHKIT_CURRENCY]
  --locale <tag>        BCP 47 locale for labels (default ${DEFAULT_LOCALE}) [DASHKIT_LOCALE]
  --fiscal-year-start <MM-DD>  first day of the fiscal year, e.g. 04-01: adds fiscal-quarter and
                        fiscal-year presets [DASHKIT_FISCAL_YEAR_START]
  --config <file>       custom metric definition [DASHKIT_CONFIG]
  --base-path <path>    mount the contract under this path, e.g. /dashboard/api [DASHKIT_BASE_PATH]
  --no-demo             start the embedded database empty instead of with demo data [DASHKIT_NO_DEMO=1]

Live updates and access (each also from DASHKIT_<FLAG>):
  --invalidate-secret <s>  enable POST {base}/v1/invalidate with "Authorization: Bearer <s>"
                           (at least ${MIN_INVALIDATE_SECRET_LENGTH} characters) [DASHKIT_INVALIDATE_SECRET]
  --jwt-secret <s>      require JWTs signed HS256 with this secret (at least ${MIN_SECRET_BYTES} bytes); claims sub,
                        roles and row filters such as customer_id [DASHKIT_JWT_SECRET]
  --jwks-url <url>      require JWTs signed RS256 by a key of this JWKS [DASHKIT_JWKS_URL]
  --cors-origin <url>   allow pages on this origin (repeatable; in the variable, separate
                        origins with commas) [DASHKIT_CORS_ORIGIN]
  --listen-notify       invalidate on PostgreSQL NOTIFY dashkit_invalidate (see dashkit triggers);
                        needs --database-url [DASHKIT_LISTEN_NOTIFY=1]
  --max-streams <n>     v1/events streams this instance holds; beyond, 503 (default ${DEFAULT_MAX_CLIENTS})
                        [DASHKIT_MAX_STREAMS]
  --max-streams-per-subject <n>  streams one subject (a token's sub, else its customer) holds; beyond,
                        429 (default ${DEFAULT_MAX_CLIENTS_PER_SUBJECT}) [DASHKIT_MAX_STREAMS_PER_SUBJECT]
  --pipeline <id[:label]>  a data pipeline v1/status shows before its first run, reported with
                        POST {base}/v1/status/pipelines/<id> and the invalidate secret (repeatable;
                        in the variable, separate them with commas) [DASHKIT_PIPELINE]

Daily rollups (stats and series read a row per day instead of every order):
  --rollups             on (the default with --database-url; off for the embedded database) [DASHKIT_ROLLUPS=1]
  --no-rollups          off: read the raw tables only and create nothing [DASHKIT_ROLLUPS=0]
  --rollup-schema <name>  schema the rollup tables are created in (default ${DEFAULT_ROLLUP_SCHEMA})
                        [DASHKIT_ROLLUP_SCHEMA]

Digests (boards mailed on a schedule; see the config file's "digests"):
  --smtp-url <url>      send them through this SMTP server, e.g.
                        smtp://user:pass@mail.example.com:587 (smtps:// for TLS) [DASHKIT_SMTP_URL]
  --mail-from <addr>    their From address, e.g. "Dashboards <reports@example.com>"; needed with
                        --smtp-url [DASHKIT_MAIL_FROM]

Development:
  --proxy <url>         forward every request outside --base-path to your app (e.g.
                        http://127.0.0.1:8000 for manage.py runserver, :3000 for rails
                        server) and open the app through dashkit's port: one origin, so
                        cookies reach dashkit without CORS; needs --base-path [DASHKIT_PROXY]

  -h, --help            show this help

Stops gracefully on SIGINT or SIGTERM.`;
