/**
 * The shared attributes' descriptions live twice in shared-attributes.ts: on
 * each mixin's decorated field (read by the manifest analyzer) and on the
 * interface the mixin returns (shown by editors). They must say the same.
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const FILE = new URL('./shared-attributes.ts', import.meta.url);
const source = ts.createSourceFile('shared-attributes.ts', readFileSync(FILE, 'utf8'), ts.ScriptTarget.ES2022, true);

function docOf(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? '')
    .join('\n');
}

/** `name → description` of every property of the file's interfaces, or of its mixins' classes. */
function descriptions(kind: 'interface' | 'class'): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (node: ts.Node): void => {
    const owner = kind === 'interface' ? ts.isInterfaceDeclaration(node) : ts.isClassDeclaration(node);
    if (owner) {
      for (const member of (node as ts.InterfaceDeclaration | ts.ClassDeclaration).members) {
        if (member.name && ts.isIdentifier(member.name)) found.set(member.name.text, docOf(member));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('shared attributes', () => {
  it('describe each property the same on the mixin and on its interface', () => {
    const fields = descriptions('class');
    expect([...fields.keys()].sort()).toEqual([
      'calendar',
      'compare',
      'from',
      'locale',
      'range',
      'src',
      'to',
      'weekStart',
    ]);
    expect(Object.fromEntries(descriptions('interface'))).toEqual(Object.fromEntries(fields));
    for (const [name, text] of fields) expect(text, name).not.toBe('');
  });
});
