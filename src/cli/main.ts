#!/usr/bin/env node
// The `tmc` executable: one binary, one subcommand per role. A failure the operator can act on
// ends here as one line on stderr and exit code 1, never a stack trace.
import { oneLine } from './errors.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`${oneLine(error)}\n`);
  process.exitCode = 1;
}
