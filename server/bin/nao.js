#!/usr/bin/env node
// The `nao` command line. Kept tiny and in old syntax on purpose, so that an
// old Node reaches the version check instead of failing on a syntax error.
var major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write('nao needs Node >= 22 (this is Node ' + process.versions.node + '). ' +
    'Install Node 22 or later, or run `npx nao` from the repository after `npm ci`.\n');
  process.exit(2);
}
import('../out/src/cli/main.js').then(
  function (cli) {
    return cli.main().catch(function (error) {
      process.stderr.write('nao: internal error: ' + String((error && error.message) || error).split('\n')[0] + '. This is a bug in nao: please report it.\n');
      process.exitCode = 3;
    });
  },
  function (error) {
    process.stderr.write('nao: cannot load the compiled command line (' + error.message + ').\n' +
      'Build it first with `npm run build` (tsc -b) in the repository.\n');
    process.exitCode = 3;
  });
