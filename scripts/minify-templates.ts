/**
 * A TypeScript transformer that shrinks Lit's `css` and `html` tagged
 * templates before terser sees them. Terser leaves template text alone, so
 * the indentation and comments of every stylesheet and template would ship.
 *
 * Only changes that cannot alter rendering are made:
 * - `css`: comments removed, whitespace runs collapsed to one space, and the
 *   space dropped next to `{ } ; , >` and after `:` (never around `+ -`, which
 *   `calc()` needs, and never before `:`, where `a :hover` differs from `a:hover`);
 *   the `;` before `}` and the `0` of `0.5` dropped.
 * - `html`/`svg`: comments without a binding removed, and whitespace runs that
 *   contain a line break collapsed to one space (HTML renders them the same; no
 *   template here uses `<pre>` or `<textarea>`).
 * A literal part containing a backslash is left untouched, so escapes keep
 * their meaning.
 */
import ts from 'typescript';

function minifyCss(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .replace(/(^|[^\w.-])0\.(\d)/g, '$1.$2');
}

function minifyHtml(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '').replace(/\s*\n\s*/g, ' ');
}

function rewrite(template: ts.TemplateLiteral, minify: (text: string) => string): ts.TemplateLiteral {
  const f = ts.factory;
  const part = (node: ts.TemplateLiteralLikeNode): string | undefined => {
    const raw = node.rawText ?? node.text;
    return raw.includes('\\') || raw.includes('`') ? undefined : minify(raw);
  };
  if (ts.isNoSubstitutionTemplateLiteral(template)) {
    const text = part(template);
    return text === undefined ? template : f.createNoSubstitutionTemplateLiteral(text, text);
  }
  const headText = part(template.head);
  const head = headText === undefined ? template.head : f.createTemplateHead(headText, headText);
  const spans = template.templateSpans.map((span) => {
    const text = part(span.literal);
    if (text === undefined) return span;
    const literal = ts.isTemplateTail(span.literal)
      ? f.createTemplateTail(text, text)
      : f.createTemplateMiddle(text, text);
    return f.updateTemplateSpan(span, span.expression, literal);
  });
  return f.createTemplateExpression(head, spans);
}

const MINIFIERS: Record<string, (text: string) => string> = { css: minifyCss, html: minifyHtml, svg: minifyHtml };

/** The transformer, for `ts.transpileModule(…, { transformers: { before: [minifyTemplates] } })`. */
export const minifyTemplates: ts.TransformerFactory<ts.SourceFile> = (context) => {
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const minify = MINIFIERS[node.tag.text];
      if (minify) {
        const template = rewrite(node.template, minify);
        // Expressions inside `${…}` may hold nested templates: visit them too.
        const visited = ts.visitEachChild(template, visit, context);
        return ts.factory.updateTaggedTemplateExpression(node, node.tag, node.typeArguments, visited);
      }
    }
    return ts.visitEachChild(node, visit, context);
  };
  return (file) => ts.visitNode(file, visit) as ts.SourceFile;
};
