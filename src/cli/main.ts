#!/usr/bin/env node
// The `tmc` executable: one binary, one subcommand per role.
import { Command } from 'commander';
import { VERSION } from '../version.js';
import { serverCommand } from './server-command.js';

const program = new Command('tmc')
  .description('TMC: a pull-based multi-cluster control plane')
  .version(VERSION)
  .showHelpAfterError()
  .addCommand(serverCommand());

await program.parseAsync(process.argv);
