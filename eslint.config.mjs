// The project's lint and formatting rules, run by `npm test` (`npm run lint`).
// typescript-eslint's recommended rules, the code's layout as @stylistic
// rules (the formatter: `npm run lint -- --fix` applies them), and the
// architecture's one-way imports: the front end and the orchestrator are
// pure (no editor, no protocol, no command line, no Node built-in), and
// everything else reaches the orchestrator through its package name only.
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'crypto', 'events', 'fs', 'fs/promises', 'http', 'https', 'module', 'net', 'os',
  'path', 'perf_hooks', 'process', 'readline', 'stream', 'url', 'util', 'worker_threads', 'zlib',
];

/** What the pure layers (the front end and the orchestrator) may not import. */
const PURE_PATHS = [
  { name: 'vscode', message: 'The analysis core knows nothing of VS Code.' },
  ...NODE_BUILTINS.flatMap((name) => [name, `node:${name}`]).map((name) => ({ name, message: 'The analysis core does no I/O and imports no Node built-in (it runs in a browser too).' })),
];
const PURE_PATTERNS = [
  { group: ['vscode-languageserver*', 'vscode-languageclient*', 'vscode-jsonrpc*', 'vscode-uri'], message: 'The analysis core knows nothing of the Language Server Protocol.' },
  { group: ['**/server/**', '**/cli/**', '**/lsp/**', '@nao/server*'], message: 'The analysis core does not reach up to the command line or the server.' },
];

export default tseslint.config(
  {
    ignores: [
      '**/out/**', '**/dist/**', '**/node_modules/**', 'docs/api/**', 'test-output/**', '.vscode-test/**',
      'test/editors/vscode/**', 'syntaxes/**', 'client/images/**',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { '@stylistic': stylistic },
    rules: {
      '@stylistic/indent': ['error', 2, { SwitchCase: 1, ignoredNodes: ['TemplateLiteral *', 'TSUnionType', 'TSIntersectionType'] }],
      '@stylistic/quotes': ['error', 'single', { avoidEscape: true, allowTemplateLiterals: 'always' }],
      '@stylistic/semi': ['error', 'always'],
      '@stylistic/comma-dangle': ['error', 'always-multiline'],
      '@stylistic/no-trailing-spaces': 'error',
      '@stylistic/eol-last': 'error',
      '@stylistic/no-multiple-empty-lines': ['error', { max: 2, maxEOF: 0, maxBOF: 0 }],
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@stylistic/keyword-spacing': 'error',
      '@stylistic/space-before-blocks': 'error',
      '@stylistic/space-infix-ops': 'error',
      '@stylistic/arrow-parens': ['error', 'always'],
      '@stylistic/member-delimiter-style': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['@narrative-arc/orchestrator/*', '**/orchestrator/src/*', '**/orchestrator/out/*'], message: 'Use the orchestrator through its public entry point, @narrative-arc/orchestrator.' }],
      }],
    },
  },
  {
    // The front end: pure (no editor, no protocol, no command line, no Node built-in), and first.
    files: ['grammar/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: PURE_PATHS,
        patterns: [...PURE_PATTERNS, { group: ['**/orchestrator/**', '@narrative-arc/*'], message: 'The front end comes first: it imports nothing of the orchestrator.' }],
      }],
    },
  },
  {
    // The orchestrator: pure too; it may import the front end.
    files: ['orchestrator/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: PURE_PATHS, patterns: PURE_PATTERNS }],
    },
  },
  {
    // Tests and benchmarks build throwaway structures: `any` in casts of test doubles is allowed there.
    files: ['**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
