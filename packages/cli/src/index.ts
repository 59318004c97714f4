/**
 * The `complete-clusters` command line: checks ClusterTemplate files in a
 * platform team's pull request with the catalog's own rules and messages, and
 * plans what a template change would do to the live fleet.
 *
 * @packageDocumentation
 */
export { main, run } from './run';
