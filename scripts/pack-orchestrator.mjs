#!/usr/bin/env node
// `npm run pack:orchestrator`: the @narrative-arc/orchestrator tarball.
//
// In this repository the orchestrator's package imports the front end as the
// workspace package @nao/grammar, which is not published. The tarball must
// install with registry packages only, so this stages a self-contained copy:
//   orchestrator/dist/package/lib/          the orchestrator's compiled ES modules and .d.ts
//   orchestrator/dist/package/lib/grammar/  the front end's, which they import by relative path
//   orchestrator/dist/package/package.json  dependencies: chevrotain and fastest-levenshtein only
// then runs `npm pack` there. The tarball lands in orchestrator/dist/ and its
// path is printed on stdout. Needs `npm run build` (tsc -b) first.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'orchestrator');
const dist = path.join(source, 'dist');
const stage = path.join(dist, 'package');
const compiled = { orchestrator: path.join(source, 'out', 'src'), grammar: path.join(root, 'grammar', 'out', 'src') };

for (const [name, folder] of Object.entries(compiled)) {
  if (!existsSync(path.join(folder, 'index.js'))) {
    console.error(`pack-orchestrator: ${path.relative(root, folder)}/index.js is missing (the ${name} is not built): run \`npm run build\` first.`);
    process.exit(1);
  }
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });

/** Copies the .js and .d.ts files of a compiled folder (no source maps: the sources are not shipped). */
function copyModules(from, to) {
  for (const entry of readdirSync(from)) {
    const full = path.join(from, entry);
    if (statSync(full).isDirectory()) {
      copyModules(full, path.join(to, entry));
    } else if (entry.endsWith('.js') || (entry.endsWith('.d.ts') && !entry.endsWith('.map'))) {
      mkdirSync(to, { recursive: true });
      const text = readFileSync(full, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
      writeFileSync(path.join(to, entry), text);
    }
  }
}

const lib = path.join(stage, 'lib');
copyModules(compiled.orchestrator, lib);
copyModules(compiled.grammar, path.join(lib, 'grammar'));

// `from '@nao/grammar'` becomes a relative import of the copy in lib/grammar/.
function relink(folder) {
  for (const entry of readdirSync(folder)) {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) {
      if (full !== path.join(lib, 'grammar')) relink(full);
      continue;
    }
    const text = readFileSync(full, 'utf8');
    if (!text.includes("'@nao/grammar'")) continue;
    let relative = path.relative(folder, path.join(lib, 'grammar', 'index.js')).split(path.sep).join('/');
    if (!relative.startsWith('.')) relative = `./${relative}`;
    writeFileSync(full, text.replaceAll("'@nao/grammar'", `'${relative}'`));
  }
}
relink(lib);

const workspace = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8'));
const manifest = {
  name: workspace.name,
  version: workspace.version,
  description: workspace.description,
  license: workspace.license,
  type: 'module',
  main: './lib/index.js',
  types: './lib/index.d.ts',
  exports: { '.': { types: './lib/index.d.ts', default: './lib/index.js' } },
  sideEffects: false,
  files: ['lib', 'README.md', 'LICENSE'],
  engines: { node: '>=22' },
  keywords: ['arc', 'interactive-fiction', 'branching-narrative', 'story', 'linter', 'static-analysis'],
  repository: { type: 'git', url: 'https://github.com/narrative-arc/narrative-arc-orchestrator', directory: 'orchestrator' },
  dependencies: Object.fromEntries(Object.entries(workspace.dependencies).filter(([name]) => name !== '@nao/grammar')),
};
writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
cpSync(path.join(source, 'README.md'), path.join(stage, 'README.md'));
cpSync(path.join(root, 'LICENSE'), path.join(stage, 'LICENSE'));

// Every import of the staged modules is relative or a declared dependency: no Node built-ins, nothing else.
const allowed = new Set(Object.keys(manifest.dependencies));
function checkImports(folder) {
  for (const entry of readdirSync(folder)) {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) { checkImports(full); continue; }
    for (const match of readFileSync(full, 'utf8').matchAll(/^(?:import|export)\b[^'";]*?from\s+'([^']+)'|^import\s+'([^']+)'|\bimport\('([^']+)'\)/gm)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (specifier.startsWith('.') || allowed.has(specifier)) continue;
      console.error(`pack-orchestrator: ${path.relative(stage, full)} imports '${specifier}', which the package does not ship or declare`);
      process.exit(1);
    }
  }
}
checkImports(lib);

const output = execFileSync('npm', ['pack', '--pack-destination', dist, '--json'], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const [packed] = JSON.parse(output);
console.log(path.join(dist, packed.filename));
