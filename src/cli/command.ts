/** The shape of one CLI command module: its spec and its run function (returns exit code). */
import type { CommandSpec, ParsedArgs } from './args.js';

export interface Command {
  spec: CommandSpec;
  run(args: ParsedArgs): Promise<number>;
}
