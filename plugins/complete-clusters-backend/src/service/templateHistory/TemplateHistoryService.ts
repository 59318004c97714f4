import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  CLUSTER_TEMPLATE_KIND,
  clusterReadPermission,
} from '@complete-clusters/plugin-complete-clusters-common';
import type {
  TemplateHistory,
  TemplateVersion,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { DatabaseTemplateHistory } from '../../database/DatabaseTemplateHistory';
import { Access } from '../access';
import type { ServiceDeps } from '../serviceDeps';
import { currentTemplate } from '../updates/currentTemplate';
import { diffSpecs } from '../updates/diffSpecs';

/**
 * The history of each ClusterTemplate, for callers allowed to read clusters:
 * every version the portal has seen in the catalog (recorded on a schedule
 * by the TemplateVersionRecorder, and here whenever a history is read), and
 * what each version changed from the one before, per layer.
 */
export class TemplateHistoryService {
  private readonly access: Access;

  constructor(
    private readonly deps: Pick<
      ServiceDeps,
      'catalog' | 'permissions' | 'userInfo' | 'auth'
    >,
    private readonly history: DatabaseTemplateHistory,
  ) {
    this.access = new Access(deps);
  }

  async get(
    namespace: string,
    name: string,
    credentials: BackstageCredentials,
  ): Promise<TemplateHistory> {
    await this.access.require(
      clusterReadPermission,
      credentials,
      'see template history',
    );
    let templateRef: string;
    try {
      templateRef = stringifyEntityRef(
        parseEntityRef({ kind: CLUSTER_TEMPLATE_KIND, namespace, name }),
      );
    } catch {
      throw new InputError(
        `${namespace}/${name} is not the namespace and name of a ClusterTemplate.`,
      );
    }
    // The version in the catalog now is part of the history, even before the next scheduled look.
    const template = currentTemplate(
      await this.deps.catalog.getEntityByRef(templateRef, { credentials }),
    );
    // Versions are recorded with the plugin's own credentials: a template the catalog does not show
    // this caller (gone, or hidden by a policy) has no history for them, as for one never seen.
    if (template === 'missing')
      throw new NotFoundError(
        `The catalog has no ${templateRef} you may read.`,
      );
    if (typeof template === 'object')
      await this.history.record(templateRef, template.spec);
    const records = await this.history.list(templateRef);
    if (records.length === 0)
      throw new NotFoundError(
        `The portal has seen no version of ${templateRef}.`,
      );
    const versions: TemplateVersion[] = records.map((record, i) => ({
      version: record.version,
      recordedAt: record.recordedAt,
      changes: i === 0 ? [] : diffSpecs(records[i - 1].spec, record.spec),
      ...(i > 0 ? { previousVersion: records[i - 1].version } : {}),
    }));
    return { templateRef, versions: versions.reverse() };
  }
}
