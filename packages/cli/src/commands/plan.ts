import { parseArgs } from 'node:util';
import {
  CompleteClustersClient,
  clusterTemplateProblems,
  formatProblems,
} from '@complete-clusters/plugin-complete-clusters-common';
import { renderPlan } from '../markdown/renderPlan';
import { readTemplates } from '../templates/readTemplates';

/** The environment variable that carries the Backstage token `plan` calls the portal with. */
export const TOKEN_VARIABLE = 'COMPLETE_CLUSTERS_TOKEN';

/**
 * `complete-clusters plan <changed template files> --portal <url>`: for each
 * ClusterTemplate, asks the live portal what the proposed version would do to
 * the clusters made from it, and prints markdown for a pull request comment.
 * Returns 1 when a cluster could not take the new version (unless
 * `--allow-blocked`) or a template is invalid, 2 when the portal or a file
 * cannot be reached.
 */
export async function plan(
  args: string[],
  out: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      portal: { type: 'string' },
      'allow-blocked': { type: 'boolean' },
    },
  });
  const portal = values.portal?.replace(/\/+$/, '');
  if (!portal || positionals.length === 0) {
    out(
      `Usage: complete-clusters plan <changed template files> --portal <backend base URL, e.g. https://backstage.example.com> [--allow-blocked]\nThe Backstage token is read from ${TOKEN_VARIABLE}.`,
    );
    return 2;
  }
  const token = env[TOKEN_VARIABLE];
  if (!token) {
    out(
      `${TOKEN_VARIABLE} is not set: give plan the portal's static external-access token (backend.auth.externalAccess), or a signed-in token of a member of the group that owns the templates.`,
    );
    return 2;
  }
  const { templates, unreadable } = readTemplates(positionals);
  unreadable.forEach(line => out(line));
  if (unreadable.length > 0) return 2;

  const client = new CompleteClustersClient({
    discoveryApi: { getBaseUrl: async () => `${portal}/api/complete-clusters` },
  });
  let blocked = 0;
  let invalid = 0;
  for (const { file, entity } of templates) {
    const problems = clusterTemplateProblems(entity);
    if (problems.length > 0) {
      invalid += 1;
      out(
        `${file}: ${formatProblems(
          `ClusterTemplate ${entity.metadata?.name ?? '(unnamed)'}`,
          problems,
        )}`,
      );
      continue;
    }
    try {
      const result = await client.planTemplate(entity, { token });
      blocked += result.clusters.filter(cluster => cluster.blockedBy).length;
      out(renderPlan(result));
    } catch (error) {
      // A refusal from the portal carries its reason in the body (Backstage's error shape).
      const reason =
        (error as { body?: { error?: { message?: string } } }).body?.error
          ?.message ?? (error as Error).message;
      out(`${file}: the portal refused the plan: ${reason}`);
      return 2;
    }
  }
  if (templates.length === 0) out('No ClusterTemplate in the files given.');
  if (invalid > 0) return 1;
  return blocked > 0 && !values['allow-blocked'] ? 1 : 0;
}
