/**
 * The named boards a server serves (`v1/boards`): those passed in options and
 * those of the config file, each checked against the contract's Board.
 */
import { Board } from '../../src/contract/index.js';
import { BOARD_ID } from '../engine/config.js';

/** `widgets[2].metric`, from a zod issue path. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

/**
 * Options' boards and the config file's, by id. Throws a TypeError naming the
 * first bad field (`boards.weekly.widgets[1].metric: …`) or an id given twice.
 */
export function declaredBoards(
  fromOptions: Readonly<Record<string, Board>> | undefined,
  fromConfig: Readonly<Record<string, Board>> | undefined,
): Map<string, Board> {
  const boards = new Map<string, Board>();
  for (const [id, raw] of Object.entries(fromOptions ?? {})) {
    if (!BOARD_ID.test(id)) throw new TypeError(`boards: "${id}" is not an id of lowercase letters, digits, _ and -`);
    const result = Board.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      const at = issue ? issuePath(issue.path) : '';
      throw new TypeError(`boards.${id}${at ? `.${at}`.replace('.[', '[') : ''}: ${issue?.message ?? 'invalid board'}`);
    }
    boards.set(id, { ...result.data, id });
  }
  for (const [id, board] of Object.entries(fromConfig ?? {})) {
    if (boards.has(id)) throw new TypeError(`boards: "${id}" is declared twice (options and config file?)`);
    boards.set(id, { ...board, id });
  }
  return boards;
}
