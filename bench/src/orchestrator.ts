/**
 * The orchestrator's API as the benchmarks see it, loaded dynamically so that
 * the benchmarks build and run before (and while) the orchestrator is written:
 * whatever is missing is reported as "not available yet".
 *
 * Expected exports of `@nao/server/orchestrator`:
 *   class MemoryHost(files: Map<fileId, text>, workspaceRoot)
 *   loadProject(host, rootFileId): Project
 *   checkProject(host, rootFileId): { project: Project; diagnostics: Diagnostic[] }
 */

/** What the benchmarks read of a diagnostic. */
export interface BenchDiagnostic {
  readonly code: string;
  readonly severity?: string;
  readonly message: string;
  readonly file?: string;
  readonly path?: ReadonlyArray<{ readonly choice: string; readonly option: string }>;
}

export interface CheckResult {
  readonly project: unknown;
  readonly diagnostics: readonly BenchDiagnostic[];
}

export interface Orchestrator {
  /** Why the module could not be loaded at all, if it could not. */
  readonly loadError?: string;
  /** A fresh host over the files (a new one per run, so that no cache is reused). */
  makeHost(files: ReadonlyMap<string, string>, workspace: string): unknown;
  readonly loadProject?: (host: unknown, rootFileId: string) => unknown;
  readonly checkProject?: (host: unknown, rootFileId: string) => CheckResult;
  /** Whether the module's own MemoryHost is used (otherwise a local stand-in with the same behaviour). */
  readonly hasMemoryHost: boolean;
}

export const ORCHESTRATOR_MODULE = '@nao/server/orchestrator';

/** A stand-in for the orchestrator's MemoryHost, used only if the module does not export one. */
class LocalMemoryHost {
  constructor(private readonly files: ReadonlyMap<string, string>, private readonly workspaceRoot: string) {}

  readFile(fileId: string): { text: string } | { error: string } {
    const text = this.files.get(fileId);
    return text === undefined ? { error: 'no such file' } : { text };
  }

  resolveInclude(fromFileId: string, includePath: string): { fileId: string } | { error: string } {
    const folder = fromFileId.slice(0, fromFileId.lastIndexOf('/') + 1);
    const parts: string[] = [];
    for (const part of (includePath.startsWith('/') ? includePath : folder + includePath).split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (parts.length === 0) return { error: 'the path leaves the workspace' };
        parts.pop();
      } else {
        parts.push(part);
      }
    }
    const fileId = '/' + parts.join('/');
    const root = this.workspaceRoot.endsWith('/') ? this.workspaceRoot : this.workspaceRoot + '/';
    return fileId.startsWith(root) ? { fileId } : { error: 'the path leaves the workspace' };
  }
}

type Module = Record<string, unknown>;
type HostClass = new (files: ReadonlyMap<string, string>, workspace: string) => unknown;

export async function loadOrchestrator(): Promise<Orchestrator> {
  let mod: Module | undefined;
  let loadError: string | undefined;
  try {
    // A computed specifier: the module may not exist yet, and the build must not depend on it.
    const specifier: string = ORCHESTRATOR_MODULE;
    mod = (await import(specifier)) as Module;
  } catch (error) {
    loadError = error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
  const Host = typeof mod?.['MemoryHost'] === 'function' ? (mod['MemoryHost'] as HostClass) : undefined;
  const loadProject = typeof mod?.['loadProject'] === 'function' ? (mod['loadProject'] as Orchestrator['loadProject']) : undefined;
  const checkProject = typeof mod?.['checkProject'] === 'function' ? (mod['checkProject'] as Orchestrator['checkProject']) : undefined;
  return {
    ...(loadError !== undefined ? { loadError } : {}),
    makeHost: (files, workspace) => (Host ? new Host(files, workspace) : new LocalMemoryHost(files, workspace)),
    ...(loadProject ? { loadProject } : {}),
    ...(checkProject ? { checkProject } : {}),
    hasMemoryHost: Host !== undefined,
  };
}

/** A one-line account of what is available, for the report's header. */
export function describeOrchestrator(o: Orchestrator): string {
  if (o.loadError !== undefined) return `${ORCHESTRATOR_MODULE} not available yet (${o.loadError})`;
  const parts = [
    `loadProject ${o.loadProject ? 'available' : 'not available yet'}`,
    `checkProject ${o.checkProject ? 'available' : 'not available yet'}`,
    `MemoryHost ${o.hasMemoryHost ? 'available' : 'not exported (using a local stand-in)'}`,
  ];
  return `${ORCHESTRATOR_MODULE}: ${parts.join(', ')}`;
}
