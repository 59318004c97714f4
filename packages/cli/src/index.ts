/**
 * The `complete-clusters` command line: checks ClusterTemplate files in a
 * platform team's pull request with the catalog's own rules and messages.
 *
 * @packageDocumentation
 */
import { run } from './run';

run(process.argv.slice(2)).then(
  code => {
    process.exitCode = code;
  },
  error => {
    process.stderr.write(`complete-clusters: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
