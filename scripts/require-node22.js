// Fails fast, with a clear message, when a script runs on a Node older than 22.
// npm scripts put node_modules/.bin first on PATH, where the `node` package
// (a devDependency) provides Node 22; this guards against running outside npm.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`Narrative Arc Orchestrator needs Node >= 22, but this is ${process.version}.\n` +
    'Run it through npm (npm test, npm run ...), which uses the Node 22 installed by `npm ci`.');
  process.exit(1);
}
