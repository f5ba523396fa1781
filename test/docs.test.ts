/**
 * The documentation's examples are stories too: every ```arc block of the
 * language guide and the checks reference is checked, and a comment naming a
 * code on a line (`// T101: ...`) must be a code reported on that line.
 * Blocks that only show syntax errors are marked in the text with E001.
 * Every relative link and #anchor of docs/*.md and README.md must resolve.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineIndex } from '@nao/grammar';
import { checkProject, MemoryHost } from '@narrative-arc/orchestrator';

const here = path.dirname(fileURLToPath(import.meta.url));
const docs = path.resolve(here, '..', '..', 'docs');
const repository = path.resolve(docs, '..');

interface Block { readonly line: number; readonly text: string }

function arcBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```arc') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    blocks.push({ line: start + 1, text: lines.slice(start, end).join('\n') });
    i = end;
  }
  return blocks;
}

const CLAIM = /\/\/\s*([A-Z][0-9]{3})\b/g;

for (const name of ['checks.md', 'language.md']) {
  describe(`docs/${name}: examples report what their comments say`, () => {
    const blocks = arcBlocks(readFileSync(path.join(docs, name), 'utf8'));
    it('has examples', () => assert.ok(blocks.length > 0));
    for (const block of blocks) {
      it(`the example at line ${block.line}`, () => {
        const analysis = checkProject(new MemoryHost(new Map([['/docs/example.arc', block.text]]), '/docs'), '/docs/example.arc');
        const index = new LineIndex(block.text);
        const reported = new Set(analysis.diagnostics.map((d) => `${index.positionAt(d.span.start).line}:${d.code}`));
        block.text.split('\n').forEach((lineText, line) => {
          for (const match of lineText.matchAll(CLAIM)) {
            const code = match[1]!;
            assert.ok(reported.has(`${line}:${code}`),
              `docs/${name}:${block.line + line}: the comment claims ${code}, but the checker reports ` +
              `${[...reported].filter((r) => r.startsWith(`${line}:`)).map((r) => r.split(':')[1]).join(', ') || 'nothing'} on that line`);
          }
        });
      });
    }
  });
}

/** The markdown outside fenced code blocks (links there are examples, not links). */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}

/** The anchors a markdown file defines: `<a id="…">` and its headings as GitHub names them. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  for (const match of markdown.matchAll(/<a id="([^"]+)"><\/a>/g)) anchors.add(match[1]!);
  const seen = new Map<string, number>();
  for (const match of prose(markdown).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = match[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

const markdownFiles = [path.join(repository, 'README.md'), ...readdirSync(docs).filter((name) => name.endsWith('.md')).sort().map((name) => path.join(docs, name))];

describe('docs: every relative link and #anchor resolves', () => {
  for (const file of markdownFiles) {
    it(path.relative(repository, file), () => {
      const markdown = readFileSync(file, 'utf8');
      const broken: string[] = [];
      for (const match of prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = match[1]!;
        if (/^[a-z]+:/.test(link)) continue; // https:, mailto:
        const [target, anchor] = link.split('#') as [string, string | undefined];
        const targetFile = target === '' ? file : path.resolve(path.dirname(file), target);
        if (!existsSync(targetFile)) {
          broken.push(`${link}: no such file`);
          continue;
        }
        if (anchor !== undefined && !anchorsOf(readFileSync(targetFile, 'utf8')).has(anchor)) broken.push(`${link}: no such anchor`);
      }
      assert.deepEqual(broken, []);
    });
  }
});
