// Reading the container files as the CLI sees them, for the container tests (no Docker engine
// runs here): the files, the commands and their flags, the Dockerfile's stages.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.js';

export const root = new URL('../../', import.meta.url);
export const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
export const program = buildProgram();
export const commandNamed = (name: string): Command | undefined => program.commands.find((c) => c.name() === name);

/** The environment variables a command reads: each flag's, plus any TMC_* its flags' help names. */
export function environmentOf(command: Command): Set<string> {
  const names = new Set<string>();
  for (const option of command.options) {
    if (option.envVar) names.add(option.envVar);
    for (const mentioned of option.description.match(/TMC_[A-Z0-9_]+/g) ?? []) names.add(mentioned);
  }
  return names;
}
export const flagDefault = (command: string, long: string): unknown =>
  commandNamed(command)?.options.find((o) => o.long === long)?.defaultValue;

export interface Instruction {
  keyword: string;
  args: string;
}
/** Dockerfile instructions with continuation lines joined, grouped by build stage. */
export function dockerfileStages(text: string): Instruction[][] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const stages: Instruction[][] = [];
  for (const line of joined
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const [, keyword, args] = /^(\S+)\s+(.*)$/.exec(line)!;
    const instruction = { keyword: keyword!.toUpperCase(), args: args!.trim() };
    if (instruction.keyword === 'FROM') stages.push([]);
    stages.at(-1)?.push(instruction);
  }
  return stages;
}
