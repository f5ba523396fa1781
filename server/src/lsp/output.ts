/**
 * Messages on their way out. The protocol library writes a message to a
 * stream over several turns of the event loop (a queue that runs on
 * `setImmediate`, then a write callback for its header and one for its
 * body). An analysis that goes on with its checks between those turns holds
 * a finished answer back by one slice of checks per turn: a hover answered
 * in a millisecond reached the editor tens of milliseconds later. The
 * analysis service therefore waits for the messages handed over so far
 * before its next step (docs/lsp.md, "How it works").
 */
import type { Message, MessageWriter } from 'vscode-languageserver/node';

/** What the analysis service waits for between its steps. */
export interface PendingOutput {
  /** Resolves once the messages handed over so far are written, or after `limitMs`, whichever comes first. */
  flushed(limitMs: number): Promise<void>;
}

/** A message writer that counts the messages it is still writing. */
export class TrackedWriter implements MessageWriter, PendingOutput {
  private pending = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly inner: MessageWriter) {}

  get onError(): MessageWriter['onError'] {
    return this.inner.onError;
  }

  get onClose(): MessageWriter['onClose'] {
    return this.inner.onClose;
  }

  write(message: Message): Promise<void> {
    this.pending++;
    let written: Promise<void>;
    try {
      written = this.inner.write(message);
    } catch (error) {
      this.settle();
      throw error;
    }
    return written.finally(() => this.settle());
  }

  end(): void {
    this.inner.end();
  }

  dispose(): void {
    this.inner.dispose();
    this.release();
  }

  flushed(limitMs: number): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => {
      // A transport that never finishes a write (a client that stopped reading) must not stop the analysis.
      const timer = setTimeout(done, limitMs);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.waiters.push(done);
    });
  }

  private settle(): void {
    this.pending--;
    if (this.pending === 0) this.release();
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const done of waiters) done();
  }
}
