/**
 * The data-table twin of a chart: every drawn number as a table, visually
 * hidden until "Show data table" (screen readers always have it).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { msg } from '../../internal/i18n.js';
import { formatValue, type FormatContext } from '../../internal/format.js';
import type { ChartModel } from './chart-model.js';

/** The table of `model`; `omitted` marks the `other` row a bar chart leaves out, `shown` makes it visible. */
export function renderDataTable(
  model: ChartModel,
  ctx: FormatContext,
  omitted: boolean,
  shown: boolean,
): TemplateResult {
  return html`
    <!-- Shown, the table may scroll sideways in a narrow card: a focusable, named region lets keyboards scroll it. -->
    <div
      id="table"
      part="table"
      class=${shown ? 'table-wrap' : 'table-wrap sr-only'}
      role=${ifDefined(shown ? 'region' : undefined)}
      aria-label=${ifDefined(shown ? msg(ctx.locale, 'dataTable', { title: model.title }) : undefined)}
      tabindex=${ifDefined(shown ? '0' : undefined)}
    >
      <table>
        <caption>
          ${model.title}, ${model.subtitle}
        </caption>
        <thead>
          <tr>
            <th scope="col">${model.categoryName}</th>
            ${model.columns.map((c) => html`<th scope="col">${c.heading}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${model.categoryTitles.map(
            (title, i) => html`
              <tr
                class=${i === model.otherIndex ? 'other' : ''}
                data-key=${ifDefined(i === model.otherIndex ? 'other' : undefined)}
              >
                <th scope="row">
                  ${title}${omitted && i === model.otherIndex ? html`<span class="note"> (${msg(ctx.locale, 'notDrawnShort')})</span>` : nothing}
                </th>
                ${model.columns.map((c) => html`<td>${formatValue(c.values[i] ?? null, c.format, ctx)}</td>`)}
              </tr>
            `,
          )}
        </tbody>
      </table>
    </div>
  `;
}
