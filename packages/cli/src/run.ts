import { validate } from './commands/validate';

const USAGE = `Usage: complete-clusters <command> [options]

Commands:
  validate <files or globs...>   Check ClusterTemplate files with the catalog's
                                 rules; prints file:line:column, the field and
                                 the fix of every problem. Exit code 1 when a
                                 template is invalid, 2 when a file cannot be read.
`;

/** Runs one command line and returns the process's exit code. */
export async function run(args: string[], out: (line: string) => void = line => process.stdout.write(`${line}\n`)) {
  const [command, ...rest] = args;
  switch (command) {
    case 'validate':
      return validate(rest, out);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      out(USAGE);
      return command ? 0 : 2;
    default:
      out(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}
