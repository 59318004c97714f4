import { describeTemplateChange } from '@complete-clusters/plugin-complete-clusters-common';
import type {
  TemplateChange,
  TemplatePlan,
  TemplatePlanCluster,
} from '@complete-clusters/plugin-complete-clusters-common';

const LAYERS: Array<TemplateChange['layer']> = [
  'infrastructure',
  'policies',
  'applications',
];

/** A table cell: no pipe or line break may end it early. */
const cell = (text: string) =>
  text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function layerCell(
  cluster: TemplatePlanCluster,
  layer: TemplateChange['layer'],
): string {
  const changes = cluster.changes.filter(change => change.layer === layer);
  return changes.length === 0
    ? 'unchanged'
    : changes.map(change => cell(describeTemplateChange(change))).join('<br>');
}

/** A template plan as markdown for a pull request comment. */
export function renderPlan(plan: TemplatePlan): string {
  const lines: string[] = [];
  const from = plan.currentVersion ?? 'not in the catalog yet';
  lines.push(
    `### ClusterTemplate \`${plan.templateRef}\`: ${from} → ${plan.proposedVersion}`,
    '',
  );
  for (const warning of plan.warnings)
    lines.push(`> **Warning:** ${warning}`, '');
  const blocked = plan.clusters.filter(cluster => cluster.blockedBy);
  const updated = plan.clusters.filter(
    cluster => !cluster.blockedBy && cluster.changes.length > 0,
  );
  const untouched = plan.clusters.length - blocked.length - updated.length;
  lines.push(
    `${plan.clusters.length} cluster${plan.clusters.length === 1 ? '' : 's'}: ${
      updated.length
    } would be offered the update, ` +
      `${blocked.length} could not take it${
        untouched ? `, ${untouched} unchanged` : ''
      }.`,
    '',
  );
  if (plan.clusters.length > 0) {
    lines.push(
      '| Cluster | Environment | Owner | Phase | From | Infrastructure | Policies | Applications |',
    );
    lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const cluster of plan.clusters) {
      const layers = cluster.blockedBy
        ? ['blocked', 'blocked', 'blocked']
        : LAYERS.map(layer => layerCell(cluster, layer));
      lines.push(
        `| ${[
          cluster.name,
          cluster.environment,
          cluster.ownerRef,
          cluster.phase,
          cluster.fromVersion,
        ]
          .map(cell)
          .join(' | ')} | ${layers.join(' | ')} |`,
      );
    }
    lines.push('');
  }
  if (blocked.length > 0) {
    lines.push('**Could not take the new version:**', '');
    for (const cluster of blocked)
      lines.push(`- \`${cluster.name}\`: ${cell(cluster.blockedBy!)}`);
    lines.push('');
  }
  return lines.join('\n');
}
