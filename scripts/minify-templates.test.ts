import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { minifyTemplates } from './minify-templates.js';

/** `source` through the transformer, as the build's transpile step runs it. */
function minify(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    transformers: { before: [minifyTemplates] },
  }).outputText;
}

describe('minifyTemplates', () => {
  it('shrinks css without changing what it means', () => {
    const out = minify(`css\`
      /* a comment */
      .a > .b,
      .c {
        margin: 0.5rem -0.25rem;
        inline-size: calc(100% - 10.5px);
        opacity: 0.6;
      }
    \`;`);
    expect(out).toContain('css ` .a>.b,.c{margin:.5rem -0.25rem;inline-size:calc(100% - 10.5px);opacity:.6}`');
  });

  it('drops html comments and line breaks, keeping bindings and single spaces', () => {
    const out = minify(`html\`
      <!-- Why this markup: a note for readers. -->
      <span>\${a}</span>
      <b>x</b> <i>y</i>
    \`;`);
    expect(out).toContain('html ` <span>${a}</span> <b>x</b> <i>y</i> `');
  });

  it('leaves a template with escapes alone', () => {
    const source = 'css`.a::after { content: "\\\\2014"; }`;';
    expect(minify(source)).toContain('content: "\\\\2014"');
  });
});
