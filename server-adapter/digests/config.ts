/**
 * Digests (SPEC §7 "Digests"): a named board rendered on a schedule and
 * mailed. `declaredDigests` checks the configuration once at start: a bad
 * digest is a TypeError naming the field (`digests[0].schedule: …`), and a
 * digest of a board nobody declared names the boards there are.
 */
import { Cron } from 'croner';
import * as z from 'zod/mini';
import type { Board } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { isValidTimeZone } from '../engine/calendar.js';

/** Formats a digest attaches. */
export const DIGEST_FORMATS = ['pdf', 'png', 'html'] as const;
export type DigestFormat = (typeof DIGEST_FORMATS)[number];

/** Most recipients of one digest: a digest is a report for a team, not a mailing list. */
export const MAX_DIGEST_RECIPIENTS = 50;

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Whether `expr` is a five-field cron expression croner reads (minute hour day-of-month month day-of-week). */
export function isCronExpression(expr: string): boolean {
  if (expr.trim().split(/\s+/).length !== 5) return false;
  try {
    new Cron(expr, { paused: true });
    return true;
  } catch {
    return false;
  }
}

/** One digest as written in config (`digests: [...]`) or options. */
export const DigestConfig = z.strictObject({
  id: z.string('expected an id').check(z.regex(ID, 'expected an id of lowercase letters, digits, _ and -, e.g. daily')),
  board: z.string('expected a board id').check(z.regex(ID, 'expected the id of a board in `boards`')),
  schedule: z
    .string('expected a cron expression')
    .check(
      z.refine(
        isCronExpression,
        'expected a five-field cron expression (minute hour day month weekday), e.g. "0 8 * * 1-5"',
      ),
    ),
  timezone: z.optional(z.string().check(z.refine(isValidTimeZone, 'expected an IANA time zone such as Europe/Berlin'))),
  to: z
    .array(z.email('expected an e-mail address such as ops@example.com'), 'expected a list of e-mail addresses')
    .check(
      z.minLength(1, 'expected at least one e-mail address'),
      z.maxLength(MAX_DIGEST_RECIPIENTS, `at most ${MAX_DIGEST_RECIPIENTS} recipients`),
    ),
  subject: z.optional(
    z.string().check(z.minLength(1, 'expected a subject'), z.maxLength(200, 'at most 200 characters')),
  ),
  format: z.optional(z.enum(DIGEST_FORMATS, { error: () => `expected one of ${DIGEST_FORMATS.join(', ')}` })),
  scope: z.optional(
    z.strictObject({
      subject: z.optional(z.string()),
      roles: z.optional(z.array(z.string())),
      filters: z.optional(z.record(z.string(), z.union([z.string(), z.number()]), 'expected { column: value }')),
    }),
  ),
});
export type DigestConfig = z.input<typeof DigestConfig>;

/** A digest ready to run: defaults filled in. */
export interface Digest {
  id: string;
  board: string;
  schedule: string;
  /** IANA time zone of `schedule`: the digest's own, else the dashboard's. */
  timezone: string;
  to: readonly string[];
  subject: string | undefined;
  format: DigestFormat;
  /** The auth scope the board is rendered with; unset: everything (the public scope). */
  scope: Scope;
}

/** `digests[2].to[0]`, from a zod issue path. */
function pathOf(index: number, path: readonly PropertyKey[]): string {
  return `digests[${index}]` + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/**
 * The options' digests then the config file's, checked: each field against
 * {@link DigestConfig}, ids unique, each `board` one of `boards`. Throws a
 * TypeError naming the first bad field.
 */
export function declaredDigests(
  digests: readonly unknown[],
  boards: ReadonlyMap<string, Board>,
  timezone: string,
): Digest[] {
  const seen = new Set<string>();
  return digests.map((raw, i) => {
    const result = DigestConfig.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const key = issue.code === 'unrecognized_keys' ? `.${issue.keys[0]}` : '';
      const message = issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message;
      throw new TypeError(`${pathOf(i, issue.path)}${key}: ${message}`);
    }
    const d = result.data;
    if (seen.has(d.id)) throw new TypeError(`digests[${i}].id: "${d.id}" is declared twice`);
    seen.add(d.id);
    if (!boards.has(d.board)) {
      const known = [...boards.keys()];
      throw new TypeError(
        `digests[${i}].board: no board "${d.board}"; boards: ${known.length ? known.join(', ') : '(none declared)'}`,
      );
    }
    return {
      id: d.id,
      board: d.board,
      schedule: d.schedule.trim(),
      timezone: d.timezone ?? timezone,
      to: d.to,
      subject: d.subject,
      format: d.format ?? 'pdf',
      scope: { subject: d.scope?.subject, roles: d.scope?.roles ?? [], filters: d.scope?.filters ?? {} },
    };
  });
}

/** The first run of `digest` strictly after `after`, in its time zone; null when the expression never runs again. */
export function nextSlot(digest: Pick<Digest, 'schedule' | 'timezone'>, after: Date): Date | null {
  return new Cron(digest.schedule, { paused: true, timezone: digest.timezone }).nextRun(after);
}
