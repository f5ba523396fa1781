/**
 * Turning tokens into AST leaves: names, strings, numbers, times, prose, and
 * their spans. A token inserted by error recovery (or recorded during the
 * parser's self-analysis) has no real position and counts as missing.
 */
import type { IToken } from 'chevrotain';
import type * as ast from './ast.js';

/** A real token from the input (not one invented by error recovery). */
export function present(t: IToken | undefined): t is IToken {
  return t !== undefined && t.isInsertedInRecovery !== true && t.startOffset >= 0 && t.image !== undefined && t.image !== '';
}

export function tokenSpan(t: IToken): ast.Span {
  return { start: t.startOffset, end: t.startOffset + t.image.length };
}

export function nameOf(t: IToken | undefined): ast.Name | undefined {
  return present(t) ? { text: t.image, span: tokenSpan(t) } : undefined;
}

/**
 * Escapes of Arc strings: `\"`, `\\`, `\n`, `\t`; anything else is kept as written (and reported by the lexer pass).
 * `image` is the literal as written, with its opening quote and, when the string is closed, its closing quote.
 */
export function unescapeString(image: string): string {
  if (!image.includes('\\')) return image.slice(1, image.length >= 2 && image.endsWith('"') ? -1 : undefined);
  let value = '';
  // Scan from after the opening quote; an unescaped `"` closes the string.
  for (let i = 1; i < image.length; i++) {
    const c = image[i]!;
    if (c === '"') break;
    if (c !== '\\' || i + 1 >= image.length) {
      value += c;
      continue;
    }
    const next = image[++i]!;
    value += next === 'n' ? '\n' : next === 't' ? '\t' : next === '"' || next === '\\' ? next : `\\${next}`;
  }
  return value;
}

export function stringOf(t: IToken | undefined): ast.StringLiteral | undefined {
  return present(t) ? { value: unescapeString(t.image), span: tokenSpan(t) } : undefined;
}

/**
 * The value of a number as written (`3`, `-2.5`), or undefined when it is too
 * large to be represented exactly: beyond Number.MAX_SAFE_INTEGER in
 * magnitude, which also covers the digit strings that overflow to Infinity.
 */
export function numericValue(digits: string): number | undefined {
  const value = Number(digits);
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : undefined;
}

/** A number literal, or undefined when it is missing or too large to have a value (see numericValue). */
export function numberOf(t: IToken | undefined): ast.NumberLiteral | undefined {
  if (!present(t)) return undefined;
  const value = numericValue(t.image);
  return value === undefined ? undefined : { value, text: t.image, span: tokenSpan(t) };
}

/** A time literal, or undefined when it is missing or too large to have a value (see numericValue). */
export function timeOf(t: IToken | undefined): ast.TimeLiteral | undefined {
  if (!present(t)) return undefined;
  const value = numericValue(t.image.slice(1));
  return value === undefined ? undefined : { value, text: t.image, span: tokenSpan(t) };
}

/** `> text` minus the `>` and one optional space. */
export function proseText(image: string): string {
  return image.startsWith('> ') ? image.slice(2) : image.slice(1);
}

/** The end offset of the last real token or node among `parts` (in order), or `fallback`. */
export function endOf(fallback: number, ...parts: readonly (IToken | { readonly span: ast.Span } | undefined)[]): number {
  let end = fallback;
  // An indexed loop and a property read: this runs for every node of the tree, on parts of many shapes.
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === undefined) continue;
    const span = (part as { readonly span?: ast.Span }).span;
    if (span !== undefined) {
      if (span.end > end) end = span.end;
    } else if (present(part as IToken)) {
      const token = part as IToken;
      const e = token.startOffset + token.image.length;
      if (e > end) end = e;
    }
  }
  return end;
}
