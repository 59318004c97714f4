import { plan } from './commands/plan';
import { validate } from './commands/validate';

const USAGE = `Usage: complete-clusters <command> [options]

Commands:
  validate <files or globs...>   Check ClusterTemplate files with the catalog's
                                 rules; prints file:line:column, the field and
                                 the fix of every problem. Exit code 1 when a
                                 template is invalid, 2 when a file cannot be read.
  plan <files...> --portal <url> What each changed template would do to its
                                 clusters in the live portal, as markdown for a
                                 pull request. Token from COMPLETE_CLUSTERS_TOKEN.
                                 Exit code 1 when a cluster could not take the
                                 new version (unless --allow-blocked).
`;

/** Each command's own help: what it takes, with no list of commands. */
const COMMAND_USAGE: Record<string, string> = {
  validate: `Usage: complete-clusters validate <files or globs...>

Check ClusterTemplate files with the catalog's rules. Prints file:line:column,
the field and the fix of every problem. Exit code 1 when a template is
invalid, 2 when a file cannot be read.
`,
  plan: `Usage: complete-clusters plan <files...> --portal <url> [--allow-blocked]

What each changed template would do to its clusters in the live portal, as
markdown for a pull request. The Backstage token is read from
COMPLETE_CLUSTERS_TOKEN.

Options:
  --portal <url>    the portal's backend base URL
  --allow-blocked   exit 0 even when a cluster could not take the new version
`,
};

/**
 * Runs one command line and returns the process's exit code.
 * @public
 */
export async function run(
  args: string[],
  out: (line: string) => void = line => process.stdout.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...rest] = args;
  if (rest.includes('--help') || rest.includes('-h')) {
    out(COMMAND_USAGE[command] ?? USAGE);
    return 0;
  }
  switch (command) {
    case 'validate':
      return validate(rest, out);
    case 'plan':
      return plan(rest, out, env);
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

/**
 * The command's entry point: runs `process.argv` and sets the exit code.
 * @public
 */
export function main(): void {
  run(process.argv.slice(2)).then(
    code => {
      process.exitCode = code;
    },
    error => {
      process.stderr.write(
        `complete-clusters: ${
          error instanceof Error ? error.message : String(error)
        }\n`,
      );
      process.exitCode = 2;
    },
  );
}
