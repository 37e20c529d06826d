/** The analyzer's CLI entry, used in-process by scripts/widgets-doc.ts; the package ships no types for it. */
declare module '@custom-elements-manifest/analyzer/cli.js' {
  /** Runs `cem <argv…>` in `cwd`; with `noWrite` it returns the manifest without writing custom-elements.json. */
  export function cli(options: { argv?: string[]; cwd?: string; noWrite?: boolean }): Promise<unknown>;
}
