/**
 * One `dashkit <name>` sub-command. `run` receives the arguments after the
 * command name and resolves to the process exit code: 0 success, 1 failure,
 * 2 bad usage. `dashkit <name> --help` prints `usage` without calling `run`
 * (server-adapter/bin/cli.ts handles it), so `usage` is the full help text.
 */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}
