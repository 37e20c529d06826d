/**
 * `npm run docs:widgets`: writes the reference tables of docs/widgets.md from
 * the elements' JSDoc, through the same custom-elements-manifest analysis as
 * `npm run analyze` (run here in memory, so custom-elements.json is neither
 * needed nor touched). Each element's tables sit between two markers:
 *
 *   <!-- widgets-doc:dash-stat-card:start -->
 *   …generated…
 *   <!-- widgets-doc:dash-stat-card:end -->
 *
 * Everything outside the markers is prose written by hand. An element without
 * markers yet gets a new section appended at the end, to be described by hand.
 *
 * `--check` writes nothing and exits 1 when the file is out of date.
 * tests/docs/widgets-doc.test.ts runs the same functions, plus `checkWidgetsDoc`,
 * which also fails on names in the prose that no element has.
 */
import { cli } from '@custom-elements-manifest/analyzer/cli.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const WIDGETS_DOC = join(ROOT, 'docs', 'widgets.md');

/** Sections in reading order: the board first, then what goes inside it. Others follow alphabetically. */
const ORDER = [
  'dash-board',
  'dash-period-filter',
  'dash-stat-card',
  'dash-stat-grid',
  'dash-chart',
  'dash-aging-table',
  'dash-low-stock',
  'dash-activity',
  'dash-status',
];

/** Attributes any element takes; HTML examples may use them on a `dash-*` tag. */
const GLOBAL_ATTRIBUTES = new Set([
  'id',
  'class',
  'style',
  'slot',
  'hidden',
  'dir',
  'lang',
  'title',
  'part',
  'exportparts',
  'tabindex',
  'role',
]);

interface Described {
  name: string;
  description?: string;
  summary?: string;
}

interface ManifestType {
  text: string;
}

export interface ManifestMember extends Described {
  kind: 'field' | 'method';
  type?: ManifestType;
  default?: string;
  privacy?: string;
  static?: boolean;
  readonly?: boolean;
  attribute?: string;
  reflects?: boolean;
  inheritedFrom?: { name: string };
  parameters?: { name: string; type?: ManifestType; optional?: boolean }[];
  return?: { type?: ManifestType };
}

export interface ManifestElement extends Described {
  kind: string;
  tagName?: string;
  customElement?: boolean;
  members?: ManifestMember[];
  attributes?: (Described & { fieldName?: string; type?: ManifestType; default?: string })[];
  events?: (Described & { type?: ManifestType })[];
  slots?: Described[];
  cssParts?: Described[];
  cssProperties?: (Described & { default?: string; syntax?: string })[];
}

export interface Manifest {
  modules: { path: string; declarations?: ManifestElement[] }[];
}

/** The manifest `npm run analyze` would write, computed in memory from the sources. */
export async function analyzeManifest(): Promise<Manifest> {
  const manifest = await cli({
    argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
    cwd: ROOT,
    noWrite: true,
  });
  return manifest as Manifest;
}

/** The custom elements of a manifest, in the order the page describes them. */
export function elementsOf(manifest: Manifest): (ManifestElement & { tagName: string })[] {
  const elements = manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d): d is ManifestElement & { tagName: string } => d.customElement === true && !!d.tagName);
  const rank = (tag: string) => (ORDER.includes(tag) ? ORDER.indexOf(tag) : ORDER.length);
  return elements.sort((a, b) => rank(a.tagName) - rank(b.tagName) || a.tagName.localeCompare(b.tagName));
}

/** Public instance fields and methods: what a host may touch. */
function publicMembers(element: ManifestElement, kind: 'field' | 'method'): ManifestMember[] {
  return (element.members ?? []).filter(
    (m) => m.kind === kind && !m.static && (!m.privacy || m.privacy === 'public') && !m.name.startsWith('_'),
  );
}

/** One table cell: a single line, pipes escaped. */
function cell(text: string | undefined): string {
  const flat = (text ?? '').replace(/\s*\n\s*/g, ' ').trim();
  return flat.replaceAll('|', '\\|') || '—';
}

const code = (text: string | undefined) => (text ? `\`${text}\`` : undefined);

/** `string | undefined` → `string`: every optional property may be unset, the Default column says so. */
function typeText(type: ManifestType | undefined): string | undefined {
  if (!type) return undefined;
  const parts = type.text.split(/\s*\|\s*(?![^(]*\))/).filter((p) => p !== 'undefined');
  return parts.join(' | ') || type.text;
}

function table(header: string[], rows: string[][]): string {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

/** The generated tables of one element (without markers). */
export function renderElement(element: ManifestElement & { tagName: string }): string {
  const out: string[] = [];
  const fields = publicMembers(element, 'field');
  const attributeOf = new Map((element.attributes ?? []).map((a) => [a.fieldName ?? a.name, a.name]));
  if (fields.length > 0) {
    out.push(
      '**Attributes and properties**',
      table(
        ['Attribute', 'Property', 'Type', 'Default', 'Description'],
        fields.map((f) => {
          const attribute = f.attribute ?? attributeOf.get(f.name);
          const notes = [
            f.readonly ? 'Read-only.' : undefined,
            f.inheritedFrom ? `(From \`${f.inheritedFrom.name}\`.)` : undefined,
          ].filter(Boolean);
          return [
            attribute ? code(attribute)! : '(property only)',
            code(f.name)!,
            cell(code(typeText(f.type))),
            cell(code(f.default)),
            cell([f.description, ...notes].filter(Boolean).join(' ')),
          ];
        }),
      ),
    );
  }
  const methods = publicMembers(element, 'method');
  if (methods.length > 0) {
    out.push(
      '**Methods**',
      table(
        ['Method', 'Description'],
        methods.map((m) => {
          const params = (m.parameters ?? [])
            .map((p) => `${p.name}${p.optional ? '?' : ''}: ${typeText(p.type) ?? 'unknown'}`)
            .join(', ');
          const returns = typeText(m.return?.type) ?? 'void';
          return [cell(code(`${m.name}(${params}): ${returns}`)), cell(m.description)];
        }),
      ),
    );
  }
  const events = element.events ?? [];
  out.push(
    '**Events**',
    events.length === 0
      ? 'None.'
      : table(
          ['Event', 'Detail / type', 'Description'],
          events.map((e) => [code(e.name)!, cell(code(e.type?.text)), cell(e.description)]),
        ),
  );
  const slots = element.slots ?? [];
  out.push(
    '**Slots**',
    slots.length === 0
      ? 'None.'
      : table(
          ['Slot', 'Description'],
          slots.map((s) => [s.name ? code(s.name)! : '(default)', cell(s.description)]),
        ),
  );
  const parts = element.cssParts ?? [];
  out.push(
    '**CSS parts**',
    parts.length === 0
      ? 'None.'
      : table(
          ['Part', 'Description'],
          parts.map((p) => [code(p.name)!, cell(p.description)]),
        ),
  );
  const props = element.cssProperties ?? [];
  out.push(
    '**CSS custom properties**',
    props.length === 0
      ? 'None.'
      : table(
          ['Property', 'Description'],
          props.map((p) => [code(p.name)!, cell(p.description)]),
        ),
  );
  return out.join('\n\n');
}

const start = (tag: string) => `<!-- widgets-doc:${tag}:start -->`;
const end = (tag: string) => `<!-- widgets-doc:${tag}:end -->`;

/** The page with every element's block regenerated (and new elements appended), formatted by Prettier. */
export async function updateWidgetsDoc(doc: string, manifest: Manifest): Promise<string> {
  let text = doc;
  for (const element of elementsOf(manifest)) {
    const tag = element.tagName;
    const block = `${start(tag)}\n\n${renderElement(element)}\n\n${end(tag)}`;
    const from = text.indexOf(start(tag));
    const to = text.indexOf(end(tag));
    if (from >= 0 && to > from) {
      text = text.slice(0, from) + block + text.slice(to + end(tag).length);
    } else {
      const summary = (element.summary ?? element.description ?? '').replace(/\s*\n\s*/g, ' ').trim();
      text = `${text.trimEnd()}\n\n## \`<${tag}>\`\n\n${summary}\n\n${block}\n`;
    }
  }
  const options = (await prettier.resolveConfig(WIDGETS_DOC)) ?? {};
  return prettier.format(text, { ...options, filepath: WIDGETS_DOC });
}

/** Lines of `doc` under each `## ` heading naming `<dash-…>`, by tag. */
function sections(doc: string): Map<string, string> {
  const found = new Map<string, string>();
  const chunks = doc.split(/^(?=## )/m);
  for (const chunk of chunks) {
    const heading = /^## .*?<(dash-[a-z0-9-]+)>/.exec(chunk);
    if (heading) found.set(heading[1]!, chunk);
  }
  return found;
}

/**
 * What is wrong with the page against the manifest, one line each: an
 * element, attribute, property, event, slot, part or custom property missing
 * from its section; a `dash-*` tag or event, `--dash-*` property or
 * `::part()` named anywhere that no element has; an attribute in an HTML
 * example that its element does not take.
 */
export function checkWidgetsDoc(doc: string, manifest: Manifest): string[] {
  const problems: string[] = [];
  const elements = elementsOf(manifest);
  const byTag = new Map(elements.map((e) => [e.tagName, e]));
  const bySection = sections(doc);
  const mentioned = (section: string, name: string) => section.includes(`\`${name}\``);

  for (const element of elements) {
    const tag = element.tagName;
    const section = bySection.get(tag);
    if (!section) {
      problems.push(`${tag}: no "## \`<${tag}>\`" section`);
      continue;
    }
    for (const a of element.attributes ?? []) {
      if (!mentioned(section, a.name)) problems.push(`${tag}: attribute ${a.name} is not documented`);
    }
    for (const f of publicMembers(element, 'field')) {
      if (!mentioned(section, f.name)) problems.push(`${tag}: property ${f.name} is not documented`);
    }
    for (const m of publicMembers(element, 'method')) {
      if (!section.includes(`\`${m.name}(`)) problems.push(`${tag}: method ${m.name}() is not documented`);
    }
    for (const e of element.events ?? []) {
      if (!mentioned(section, e.name)) problems.push(`${tag}: event ${e.name} is not documented`);
    }
    for (const s of element.slots ?? []) {
      if (s.name && !mentioned(section, s.name)) problems.push(`${tag}: slot ${s.name} is not documented`);
    }
    for (const p of element.cssParts ?? []) {
      if (!mentioned(section, p.name)) problems.push(`${tag}: CSS part ${p.name} is not documented`);
    }
    for (const p of element.cssProperties ?? []) {
      if (!mentioned(section, p.name)) problems.push(`${tag}: CSS custom property ${p.name} is not documented`);
    }
  }

  for (const tag of bySection.keys()) {
    if (!byTag.has(tag)) problems.push(`section <${tag}>: no such element`);
  }

  const events = new Set(elements.flatMap((e) => (e.events ?? []).map((ev) => ev.name)));
  for (const [, name] of doc.matchAll(/(?<![\w-])(dash-[a-z][a-z0-9-]*)/g)) {
    if (!byTag.has(name!) && !events.has(name!)) problems.push(`"${name}": no element or event has this name`);
  }

  // Custom properties: the elements' own, and those their descriptions name (theme tokens such as --dash-space).
  const described = JSON.stringify(elements);
  const props = new Set(elements.flatMap((e) => (e.cssProperties ?? []).map((p) => p.name)));
  for (const [, name] of doc.matchAll(/(--dash-[a-z0-9-]*[a-z0-9])/g)) {
    if (!props.has(name!) && !described.includes(name!))
      problems.push(`"${name}": no element documents this custom property`);
  }

  const allParts = new Set(elements.flatMap((e) => (e.cssParts ?? []).map((p) => p.name)));
  for (const [, tag, part] of doc.matchAll(/(?:(dash-[a-z0-9-]+))?::part\(\s*([\w-]+)\s*\)/g)) {
    const known = tag ? byTag.get(tag)?.cssParts?.some((p) => p.name === part) : allParts.has(part!);
    if (!known) problems.push(`"${tag ?? ''}::part(${part})": no such CSS part`);
  }

  problems.push(...checkTags(doc, manifest));
  return [...new Set(problems)];
}

/**
 * Every `<dash-…>` opening tag in `text` (prose, HTML or template examples):
 * each attribute, `.property`, `?boolean` and `@dash-event` binding must exist
 * on that element. Global HTML attributes, `aria-*` and `data-*` pass.
 */
export function checkTags(text: string, manifest: Manifest): string[] {
  const problems: string[] = [];
  const byTag = new Map(elementsOf(manifest).map((e) => [e.tagName, e]));
  // Opening tags in examples: every attribute (or Lit binding) must exist on that element.
  for (const [, tag, attrs] of text.matchAll(
    /<(dash-[a-z0-9-]+)((?:\s+[^\s=>]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g,
  )) {
    const element = byTag.get(tag!);
    if (!element) continue;
    const attributeNames = new Set((element.attributes ?? []).map((a) => a.name));
    const fieldNames = new Set(publicMembers(element, 'field').map((f) => f.name));
    for (const [, raw] of (attrs ?? '').matchAll(/\s+([^\s=>]+)(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = raw!;
      if (name.startsWith('.')) {
        if (!fieldNames.has(name.slice(1))) problems.push(`<${tag} ${name}>: no such property`);
      } else if (name.startsWith('@')) {
        if (!name.startsWith('@dash-')) continue;
        if (!(element.events ?? []).some((e) => `@${e.name}` === name))
          problems.push(`<${tag} ${name}>: no such event`);
      } else {
        const attr = name.replace(/^\?/, '');
        if (GLOBAL_ATTRIBUTES.has(attr) || attr.startsWith('aria-') || attr.startsWith('data-')) continue;
        if (!attributeNames.has(attr)) problems.push(`<${tag} ${attr}>: no such attribute`);
      }
    }
  }
  return problems;
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const doc = readFileSync(WIDGETS_DOC, 'utf8');
  const manifest = await analyzeManifest();
  const next = await updateWidgetsDoc(doc, manifest);
  const problems = checkWidgetsDoc(next, manifest);
  for (const problem of problems) process.stderr.write(`docs/widgets.md: ${problem}\n`);
  if (check) {
    if (next !== doc) process.stderr.write('docs/widgets.md is out of date: run `npm run docs:widgets`\n');
    return next === doc && problems.length === 0 ? 0 : 1;
  }
  if (next !== doc) writeFileSync(WIDGETS_DOC, next);
  process.stdout.write(`docs/widgets.md: ${next === doc ? 'up to date' : 'updated'}\n`);
  return problems.length === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
