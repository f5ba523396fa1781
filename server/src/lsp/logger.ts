/**
 * Logs go to the client's output channel (`window/logMessage`) with levels,
 * never to stdout: on a stdio server stdout carries only the protocol.
 */
import type { RemoteConsole } from 'vscode-languageserver/node';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const RANK: Readonly<Record<LogLevel, number>> = { error: 0, warn: 1, info: 2, debug: 3 };

export class Logger {
  level: LogLevel = 'info';

  constructor(private readonly console: RemoteConsole) {}

  enabled(level: LogLevel): boolean {
    return RANK[level] <= RANK[this.level];
  }

  error(message: string, error?: unknown): void {
    if (!this.enabled('error')) return;
    this.send('error', error === undefined ? message : `${message}: ${describeError(error)}`);
  }

  warn(message: string): void {
    if (this.enabled('warn')) this.send('warn', message);
  }

  info(message: string): void {
    if (this.enabled('info')) this.send('info', message);
  }

  debug(message: string): void {
    if (this.enabled('debug')) this.send('debug', message);
  }

  private send(level: LogLevel, message: string): void {
    try {
      switch (level) {
        case 'error': this.console.error(message); break;
        case 'warn': this.console.warn(message); break;
        case 'info': this.console.info(message); break;
        case 'debug': this.console.log(message); break;
      }
    } catch {
      // The connection is gone; there is nowhere left to log to.
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
