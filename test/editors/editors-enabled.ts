/**
 * The real-editor tests (test/editors/*.test.ts) start editors and browsers
 * and need scripts/editor-install.sh; `npm run test:editors` runs them with
 * NAO_EDITOR_TESTS=1. Under a plain `npm test` they are skipped (pending).
 * With the variable set, a missing editor is a failure, not a skip.
 */
export const EDITOR_TESTS_ENABLED = process.env.NAO_EDITOR_TESTS === '1';

export function skipUnlessEditorTests(context: Mocha.Context): void {
  if (!EDITOR_TESTS_ENABLED) context.skip();
}
