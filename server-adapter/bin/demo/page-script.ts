/**
 * The demo page's two inline scripts, as plain browser JavaScript (the page
 * loads nothing but the CDN bundle).
 */

/** Name of the performance mark set when the first KPI value is on screen (measured by `npm run bench:page`). */
export const FIRST_STAT_MARK = 'dashkit:first-stat';

/** Milliseconds between two simulated events while the switch is on. */
export const ACTIVITY_INTERVAL_MS = 2000;

/**
 * Classic script in <head>, run before first paint: applies the saved theme
 * (no flash of the wrong one), and sets the {@link FIRST_STAT_MARK} mark on
 * the first animation frame in which a stat card shows a value with a digit.
 * The widgets have no "rendered" event, so it looks (through the open shadow
 * roots of grids and cards) once per frame, at most for two minutes.
 */
export const FIRST_STAT_SCRIPT = `
(() => {
  try {
    const theme = localStorage.getItem('dashkit-demo-theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch {}
  const shown = (root) => {
    for (const el of root.querySelectorAll('dash-stat-card, dash-stat-grid')) {
      const shadow = el.shadowRoot;
      if (!shadow) continue;
      if (el.localName === 'dash-stat-grid') {
        if (shown(shadow)) return true;
      } else if (/\\d/.test(shadow.querySelector('[part~="value"]')?.textContent ?? '')) {
        return true;
      }
    }
    return false;
  };
  const probe = () => {
    if (shown(document)) {
      const mark = performance.mark(${JSON.stringify(FIRST_STAT_MARK)});
      document.dispatchEvent(new CustomEvent(${JSON.stringify(FIRST_STAT_MARK)}, { detail: mark.startTime }));
    } else if (performance.now() < 120000) {
      requestAnimationFrame(probe);
    }
  };
  requestAnimationFrame(probe);
})();
`;

/**
 * Module script, run after parsing and before the widgets bundle (modules run
 * in document order): the theme toggle, the "Simulate activity" switch, and
 * the first-stat time in the footer. The period and filters are kept in the
 * URL by the board itself (`sync-url`).
 */
export const DEMO_SCRIPT = `
const board = document.querySelector('dash-board');
const root = document.documentElement;

// Language: the board's locale, with the Solar Hijri calendar for Persian and Umm al-Qura for Arabic.
// The charts' English labels give way to the widgets' own (translated) titles in another language.
const CALENDARS = { 'fa-IR': 'persian', 'ar-SA': 'islamic-umalqura' };
const picker = document.getElementById('locale');
const labelled = [...document.querySelectorAll('dash-chart[label]')].map((el) => [el, el.getAttribute('label')]);
picker?.addEventListener('change', () => {
  const locale = picker.value;
  if (locale) board?.setAttribute('locale', locale);
  else board?.removeAttribute('locale');
  if (CALENDARS[locale]) board?.setAttribute('calendar', CALENDARS[locale]);
  else board?.removeAttribute('calendar');
  for (const [el, label] of labelled) {
    if (locale) el.removeAttribute('label');
    else el.setAttribute('label', label);
  }
});

// Theme: the page's colours follow <html data-theme>, the widgets' follow the board's theme.
const applyTheme = (theme) => {
  root.dataset.theme = theme;
  board?.setAttribute('theme', theme);
  for (const input of document.querySelectorAll('input[name="theme"]')) input.checked = input.value === theme;
};
applyTheme(root.dataset.theme || 'auto');
for (const input of document.querySelectorAll('input[name="theme"]')) {
  input.addEventListener('change', () => {
    applyTheme(input.value);
    try {
      if (input.value === 'auto') localStorage.removeItem('dashkit-demo-theme');
      else localStorage.setItem('dashkit-demo-theme', input.value);
    } catch {}
  });
}

// "Simulate activity": one event now, then one every ${ACTIVITY_INTERVAL_MS} ms while on (and the tab is visible).
const toggle = document.getElementById('simulate');
if (toggle) {
  const status = document.getElementById('activity-status');
  const log = document.getElementById('activity-log');
  const WHAT = { order: 'Order placed', payment: 'Payment received', restock: 'Restocked' };
  const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
  let running = false;
  let timer;
  let count = 0;
  const next = () => {
    clearTimeout(timer);
    if (running && !document.hidden) timer = setTimeout(tick, ${ACTIVITY_INTERVAL_MS});
  };
  async function tick() {
    if (!running) return;
    try {
      const response = await fetch('/demo/activity', { method: 'POST' });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail || 'HTTP ' + response.status);
      count += 1;
      status.textContent = count + (count === 1 ? ' event' : ' events') + ' simulated; the widgets refetch what changed.';
      const item = document.createElement('li');
      item.textContent = time.format(new Date(body.at)) + ' · ' + (WHAT[body.kind] || body.kind) + (body.sync ? ' · sync ' + body.sync : '');
      item.title = 'Invalidated: ' + body.topics.join(', ');
      log.prepend(item);
      while (log.children.length > 5) log.lastElementChild.remove();
    } catch (error) {
      set(false);
      status.textContent = 'Simulation stopped: ' + (error instanceof Error ? error.message : String(error));
      return;
    }
    next();
  }
  const set = (on) => {
    running = on;
    toggle.setAttribute('aria-checked', String(on));
    if (on) tick();
    else clearTimeout(timer);
  };
  toggle.addEventListener('click', () => set(!running));
  document.addEventListener('visibilitychange', () => (document.hidden ? clearTimeout(timer) : next()));
}

// The first-stat time, for whoever looks (the bench reads the mark itself).
const showFirstStat = (ms) => {
  const out = document.getElementById('first-stat-time');
  if (out) out.textContent = 'First KPI on screen ' + Math.round(ms) + ' ms after navigation';
};
const [mark] = performance.getEntriesByName(${JSON.stringify(FIRST_STAT_MARK)});
if (mark) showFirstStat(mark.startTime);
else document.addEventListener(${JSON.stringify(FIRST_STAT_MARK)}, (event) => showFirstStat(event.detail), { once: true });
`;
