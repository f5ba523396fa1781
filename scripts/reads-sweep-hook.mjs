// A module customization hook for scripts/reads-sweep.mjs: when the
// compiled check module named by NAO_READS_SWEEP (`<file>:<aspect>`) is
// loaded, its `reads` list is served without that aspect. Nothing on disk
// changes.
const [file, aspect] = (process.env.NAO_READS_SWEEP ?? '').split(':');

export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!file || !url.endsWith(`/${file}`)) return result;
  const source = String(result.source);
  const match = /reads: \[([^\]]*)\]/.exec(source);
  if (!match) throw new Error(`reads-sweep: no \`reads\` list in ${url}`);
  const kept = match[1].split(',').map((a) => a.trim()).filter((a) => a && a !== `'${aspect}'`);
  return { ...result, source: source.slice(0, match.index) + `reads: [${kept.join(', ')}]` + source.slice(match.index + match[0].length) };
}
