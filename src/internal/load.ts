/**
 * `Load`: the run of one async load per set of args — what `@lit/task` does, in the part dashkit uses (about a
 * third of its bytes). `ReportController` (./report.ts) drives one per data widget.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

type Args = readonly unknown[];

/** Where a {@link Load} stands. */
export type LoadStatus = 'initial' | 'pending' | 'complete' | 'error';

/** What a {@link Load} runs and when. */
export interface LoadOptions<T> {
  /** The load itself; `context.signal` aborts when a newer run supersedes this one. */
  task: (args: Args, context: { signal: AbortSignal }) => Promise<T>;
  /** The current args: new ones (by `argsEqual`) start a run on the next host update. */
  args: () => Args;
  argsEqual: (a: Args, b: Args) => boolean;
  /** Called with the value of each run that settles successfully, before the host updates. */
  onComplete: (value: T) => void;
}

/**
 * On each host update while `autoRun`, new args start a run; a newer run aborts the one before and only the
 * newest settles; `run()` starts one with the current args.
 */
export class Load<T> implements ReactiveController {
  autoRun = true;
  status: LoadStatus = 'initial';
  value: T | undefined;
  error: unknown;
  #args: Args | undefined;
  /** The newest run's controller: a run that finds another here was superseded. */
  #abort: AbortController | undefined;

  constructor(
    readonly host: ReactiveControllerHost,
    readonly options: LoadOptions<T>,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (!this.autoRun) return;
    const args = this.options.args();
    if (!this.#args || !this.options.argsEqual(this.#args, args)) void this.run(args);
  }

  async run(args = this.options.args()): Promise<void> {
    this.#args = args;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.status = 'pending';
    this.host.requestUpdate();
    let status: LoadStatus = 'complete';
    let value: T | undefined;
    let error: unknown;
    try {
      value = await this.options.task(args, abort);
    } catch (e) {
      status = 'error';
      error = e;
    }
    if (abort !== this.#abort) return;
    if (status === 'complete') {
      try {
        this.options.onComplete(value as T);
      } catch {
        // A failing listener does not leave the load pending (as with @lit/task).
      }
    }
    Object.assign(this, { status, value, error });
    this.host.requestUpdate();
  }
}
