// Object.groupBy and Map.groupBy as specified in ES2024 (built into Node 21+),
// for Node 20: the parser library (Chevrotain 13) calls them, and they are the
// only thing the server needs that Node 20 lacks. Plain statements, no
// imports or exports: scripts/editor-build.mjs puts this text at the top of
// the extension's server bundle, and the bin scripts import it first.
if (typeof Object.groupBy !== 'function') {
  Object.defineProperty(Object, 'groupBy', { configurable: true, writable: true, value: function groupBy(items, callback) {
    const groups = Object.create(null); let index = 0;
    for (const item of items) { const key = callback(item, index++); (groups[key] ??= []).push(item); }
    return groups;
  } });
}
if (typeof Map.groupBy !== 'function') {
  Object.defineProperty(Map, 'groupBy', { configurable: true, writable: true, value: function groupBy(items, callback) {
    const groups = new Map(); let index = 0;
    for (const item of items) { const key = callback(item, index++); const group = groups.get(key); if (group) group.push(item); else groups.set(key, [item]); }
    return groups;
  } });
}
