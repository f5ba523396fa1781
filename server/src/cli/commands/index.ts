/**
 * The registry of `nao` subcommands, in the order `nao --help` lists them.
 * Adding a command: write its module here (see check.ts) and add one line.
 */
import type { Command } from '../command.js';
import { checkCommand } from './check.js';
import { fixCommand } from './fix.js';
import { impactCommand } from './impact.js';
import { pathsCommand } from './paths.js';
import { playCommand } from './play.js';
import { mapCommand } from './map.js';

export const COMMANDS: readonly Command[] = [
  checkCommand,
  impactCommand,
  fixCommand,
  playCommand,
  pathsCommand,
  mapCommand,
];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((command) => command.name === name);
}
