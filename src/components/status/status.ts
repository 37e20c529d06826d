import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { MetaResponse } from '../../contract/meta.js';
import { StatusCore, type Pipeline } from '../../contract/status.js';
import { DashElement } from '../../internal/dash-element.js';
import { msg } from '../../internal/i18n.js';
import { directionOf } from '../../internal/format.js';
import type { Freshness } from '../../internal/freshness.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { RelativeTimes } from '../../internal/relative-time.js';
import { ReportController } from '../../internal/report.js';
import { LocaleMixin, SourceMixin } from '../../internal/shared-attributes.js';
import { renderError } from '../../internal/templates.js';
import styles from './status.styles.js';

/** Half a minute: a late pipeline shows within it, and a page of widgets costs one small request. */
export const DEFAULT_STATUS_POLL_SECONDS = 30;

/**
 * @summary How fresh the dashboard is: "Live · updated 12 s ago" or
 * "Reconnecting…", widgets showing stale data, the host's data pipelines
 * (an ETL job, a sync) with any failed or late one called out, and a Refresh
 * button that reloads the board keeping its period and filters.
 *
 * Reads `{src}/v1/status` (again on every live `invalidate` event, and every
 * `poll` seconds), and, inside a `<dash-board>`, the board's live connection
 * and which of its widgets were served stale data. "Updated" is when the data
 * last changed as the server heard it while live, else when the board's
 * widgets last loaded. Changes of state (reconnecting, a pipeline failing)
 * are announced politely; the ticking times are not.
 *
 * @example
 * <dash-board src="/dashboard/api" live>
 *   <dash-status></dash-status>
 *   …
 * </dash-board>
 *
 * @csspart base - The bar.
 * @csspart live - "Live · updated 12 s ago", "Reconnecting…" or "Updated 3 min. ago".
 * @csspart stale - "2 widgets show stale data", when some do.
 * @csspart pipelines - The list of pipelines.
 * @csspart pipeline - One pipeline (also `pipeline failed`, `pipeline late`…, by its status).
 * @csspart refresh - The Refresh button.
 * @csspart error - The error message and its Retry button.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dash-status-padding - Inner spacing of the bar (default 0.5rem 1rem).
 * @cssprop --dash-color-good - The live dot; `--dash-color-warn` reconnecting and late, `--dash-color-bad` failed.
 * @cssprop --dash-color-surface - Bar background; `--dash-color-border` its border.
 */
export class DashStatus extends SourceMixin(LocaleMixin(DashElement)) {
  static override styles: CSSResultGroup = [DashElement.styles, panelStyles, styles];

  readonly #times = new RelativeTimes(this);
  // No topics: any invalidation may be the last change heard.
  readonly #report = new ReportController<[MetaResponse, StatusCore]>(this, {
    usesPeriod: false,
    // Its own reads are about the board, not part of it.
    freshness: false,
    cache: () => undefined,
    load: ({ client, signal, meta }) => Promise.all([meta(), client.getJson('v1/status', {}, StatusCore, signal)]),
  });
  #freshness?: Freshness | undefined;
  #unsubscribe?: (() => void) | undefined;
  #polled?: unknown;
  #poll?: ReturnType<typeof setTimeout> | undefined;

  /** Seconds between two reads of `v1/status` (0: only on live events and Refresh). @default 30 */
  @property({ type: Number, reflect: true }) poll = DEFAULT_STATUS_POLL_SECONDS;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = this.#freshness = undefined;
    clearTimeout(this.#poll);
    this.#polled = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const freshness = this.#report.board?.freshness;
    if (freshness !== this.#freshness) {
      this.#unsubscribe?.();
      this.#freshness = freshness;
      this.#unsubscribe = freshness?.subscribe(() => this.requestUpdate());
    }
    const data = this.#report.task.value;
    if (data !== this.#polled || changed.has('poll')) {
      this.#polled = data;
      clearTimeout(this.#poll);
      if (this.poll > 0) this.#poll = setTimeout(() => this.#report.retry(), this.poll * 1000);
    }
  }

  /** The board's Refresh: every widget fetches again, with the same period and filters. */
  #refresh(): void {
    const board = this.src ? null : this.closest('dash-board');
    if (board) board.refresh();
    else this.#report.retry();
  }

  override render(): TemplateResult {
    const r = this.#report;
    const [meta, s] = r.data ?? [];
    const { locale } = r.format(meta);
    const f = this.#freshness;
    const state = f?.live ?? 'off';
    const updated = (state === 'open' && s?.lastChange?.at) || f?.loadedAt || s?.lastChange?.at || s?.generatedAt;
    const when = updated ? this.#times.format(updated, locale) : '';
    const live =
      state === 'open'
        ? msg(locale, 'liveUpdated', { when })
        : state === 'off'
          ? when && msg(locale, 'updated', { when })
          : msg(locale, state === 'connecting' ? 'connecting' : 'reconnecting');
    const problems = (s?.pipelines ?? []).filter((p) => p.status === 'failed' || p.status === 'late');
    // What changes, in words, without the ticking times: announced when it changes.
    const summary = [
      state === 'open' ? msg(locale, 'live') : state === 'off' ? '' : live,
      f?.stale ? msg(locale, 'someStale') : '',
      ...problems.map((p) => msg(locale, p.status === 'late' ? 'pipelineLate' : 'pipelineFailed', { label: p.label })),
    ]
      .filter(Boolean)
      .join('. ');
    return html`
      <section
        part="base"
        class="panel status"
        aria-label=${msg(locale, 'dataStatus')}
        aria-busy=${r.busy ? 'true' : 'false'}
        dir=${directionOf(locale)}
      >
        <span part="live" class="live ${state}">${live}</span>
        ${f?.stale ? html`<span part="stale" class="stale">${msg(locale, 'staleWidgets', { n: f.stale })}</span>` : nothing}
        ${
          s?.pipelines.length
            ? html`<ul part="pipelines">
                ${s.pipelines.map((p) => this.#renderPipeline(p, locale))}
              </ul>`
            : nothing
        }
        ${r.failed ? renderError(r.error, { what: msg(locale, 'statusWhat'), locale, kept: !!s, onRetry: () => r.retry() }) : nothing}
        <button part="refresh" class="action" type="button" @click=${() => this.#refresh()}>
          ${msg(locale, 'refresh')}
        </button>
        <div class="sr-only" role="status">${summary}</div>
      </section>
    `;
  }

  #renderPipeline(p: Pipeline, locale: string): TemplateResult {
    const rel = (at: string) => this.#times.format(at, locale);
    const what =
      p.status === 'late' && p.nextRunAt
        ? msg(locale, 'lateDue', { when: rel(p.nextRunAt) })
        : !p.lastRunAt
          ? msg(locale, 'noRun')
          : msg(locale, p.status === 'running' ? 'runningSince' : p.status === 'failed' ? 'failedAt' : 'syncedAt', {
              when: rel(p.lastRunAt),
            });
    return html`<li part="pipeline ${p.status}" class=${p.status} title=${ifDefined(p.message)}>
      <strong>${p.label}</strong>
      ${what}${p.message && p.status !== 'ok' ? html`<span class="message">: ${p.message}</span>` : nothing}
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-status': DashStatus;
  }
}
