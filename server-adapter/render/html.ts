/**
 * A board as one self-contained HTML page: no script, no external request —
 * styles inline, charts as inline SVG from ECharts' server renderer, every
 * number as text. What a mail client or an archive shows as is.
 */
import type { Paper } from '../../src/contract/index.js';
import type { StatView } from '../../src/view/stat.js';
import type { TableView } from '../../src/view/tables.js';
import { themeColors, type ThemeName } from '../../src/view/theme.js';
import { chartSvg } from './chart.js';
import type { BoardView } from './data.js';
import { FONT_FAMILY } from './fonts.js';
import { escapeXml as esc, PAGE_SIZES, uniqueIds } from './layout.js';

const CHART_WIDTH = 714;
const CHART_HEIGHT = 260;

function card(s: StatView): string {
  const f = s.footer;
  const trend =
    s.trend.length > 0
      ? `<svg class="trend" viewBox="0 0 100 32" preserveAspectRatio="none" aria-hidden="true">${s.trend
          .map((points) => `<polyline points="${points.join(' ')}" vector-effect="non-scaling-stroke"/>`)
          .join('')}</svg>`
      : '';
  const footer =
    f.kind === 'as-of'
      ? `<span class="comparison">${esc(f.text)}</span>`
      : f.kind === 'change'
        ? `<span class="change change--${f.change.tone}" title="${esc(f.change.spoken)}">${esc(f.change.text)}</span> <span class="comparison">${esc(f.comparison)}</span>`
        : '';
  return `<div class="card"><div class="label">${esc(s.label)}</div><div class="value">${esc(s.value)}</div>${trend}<div class="footer">${footer}</div></div>`;
}

function table(t: TableView): string {
  const head = t.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('');
  const rows = t.rows.length
    ? t.rows
        .map(
          (r) =>
            `<tr>${r.cells
              .map((cell, i) => {
                const classes = [t.columns[i]?.numeric ? 'num' : '', r.bad?.[i] ? 'bad' : ''].filter(Boolean).join(' ');
                const tag = i === 0 ? 'th scope="row"' : 'td';
                return `<${tag}${classes ? ` class="${classes}"` : ''}>${esc(cell)}</${i === 0 ? 'th' : 'td'}>`;
              })
              .join('')}</tr>`,
        )
        .join('')
    : `<tr><td colspan="${t.columns.length}" class="empty">${esc(t.empty)}</td></tr>`;
  const summary = t.summary.length
    ? `<dl class="summary">${t.summary.map((s) => `<div><dt>${esc(s.label)}</dt><dd${s.bad ? ' class="bad"' : ''}>${esc(s.value)}</dd></div>`).join('')}</dl>`
    : '';
  return `<section class="panel"><h2>${esc(t.title)}</h2>${t.subtitle ? `<p class="sub">${esc(t.subtitle)}</p>` : ''}${summary}<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function renderHtml(view: BoardView, theme: ThemeName, paper: Paper): string {
  const c = themeColors(theme);
  const dir = view.rtl ? 'rtl' : 'ltr';
  let charts = 0;
  const body = view.widgets
    .map((w) => {
      if (w.kind === 'stats') return `<div class="cards">${w.cards.map(card).join('')}</div>`;
      if (w.kind === 'table') return table(w.table);
      const drawing = w.model.empty
        ? `<p class="sub">${esc(view.words.noData)}</p>`
        : uniqueIds(
            chartSvg(w, view.format, view.rtl, theme, CHART_WIDTH, CHART_HEIGHT, view.words.total),
            `c${charts++}-`,
          ).replace(/^<\?xml[^>]*>/, '');
      // Named by its title: a reader of the page hears it, and a digest's inline image gets it as `alt`.
      const named = drawing.replace(/^<svg\b/, `<svg role="img" aria-label="${esc(w.model.title)}"`);
      return `<section class="panel"><h2>${esc(w.model.title)}</h2><p class="sub">${esc(w.model.subtitle)}</p><figure class="chart">${named}</figure></section>`;
    })
    .join('\n');
  const page = PAGE_SIZES[paper];
  const css = `
:root{color-scheme:${theme}}
*{box-sizing:border-box}
body{margin:0;background:${c['surface']};color:${c['text']};font:14px/1.4 ${FONT_FAMILY},system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
main{max-width:${page.width}px;margin:0 auto;padding:40px}
h1{font-size:22px;margin:0 0 4px}
h2{font-size:15px;margin:0 0 2px}
.sub,.comparison,.label{color:${c['text-muted']};font-size:12px;margin:0}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:16px;margin:24px 0}
.card{border:1px solid ${c['border']};border-radius:8px;padding:12px}
.value{font-size:24px;font-weight:700;margin:4px 0}
.trend{display:block;width:100%;height:24px;fill:none;stroke:${c['accent']};stroke-width:1.5}
.footer{font-size:12px;margin-top:6px}
.change{font-weight:700;border-radius:8px;padding:1px 6px;background:${c['neutral-surface']}}
.change--good{color:${c['good']};background:${c['good-surface']}}
.change--bad{color:${c['bad']};background:${c['bad-surface']}}
.panel{margin:24px 0;break-inside:auto}
.chart{margin:8px 0 0}
.chart svg{max-width:100%;height:auto}
.summary{display:flex;flex-wrap:wrap;gap:4px 24px;margin:8px 0;font-size:12px}
.summary div{display:flex;gap:6px}.summary dt{color:${c['text-muted']}}.summary dd{margin:0;font-weight:700}
table{width:100%;border-collapse:collapse;margin-top:8px;font-size:12px}
thead{display:table-header-group}
th,td{padding:4px 8px;text-align:start;border-bottom:1px solid ${c['border']}}
thead th{color:${c['text-muted']};background:${c['neutral-surface']}}
.num{text-align:end;font-variant-numeric:tabular-nums}
.bad{color:${c['bad']}}
.empty{color:${c['text-muted']}}
tr{break-inside:avoid}
@page{size:${paper === 'letter' ? 'letter' : 'A4'};margin:12mm}
`;
  return `<!doctype html>
<html lang="${esc(view.format.locale)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(view.title)}</title>
<style>${css}</style>
</head>
<body>
<main>
<h1>${esc(view.title)}</h1>
<p class="sub">${esc(view.subtitle)}</p>
${body}
</main>
</body>
</html>
`;
}
