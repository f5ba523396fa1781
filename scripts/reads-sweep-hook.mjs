// A module customization hook for scripts/reads-sweep.mjs: when the
// compiled check module named by NAO_READS_SWEEP (`<file>:<aspect>`) is
// loaded, its `reads` list is served without that aspect. Nothing on disk
// changes.
const [file, aspect] = (process.env.NAO_READS_SWEEP ?? '').split(':');

/** A compiled check module's `reads` list: where it stands in `source`, and its aspects; undefined when it has none. */
export function readsList(source) {
  const match = /reads: \[([^\]]*)\]/.exec(source);
  if (!match) return undefined;
  const aspects = match[1].split(',').map((a) => a.trim().replace(/^'|'$/g, '')).filter(Boolean);
  return { start: match.index, end: match.index + match[0].length, aspects };
}

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!file || !url.endsWith(`/${file}`)) return result;
  const source = String(result.source);
  const reads = readsList(source);
  if (!reads) throw new Error(`reads-sweep: no \`reads\` list in ${url}`);
  const kept = reads.aspects.filter((a) => a !== aspect).map((a) => `'${a}'`);
  return { ...result, source: source.slice(0, reads.start) + `reads: [${kept.join(', ')}]` + source.slice(reads.end) };
}
