import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { ClusterRecord } from '../database/types';
import type { ServiceDeps } from './serviceDeps';

/** How the signed-in user stands to a cluster. */
export interface Relation {
  user: string;
  /** The user and every group they belong to, lower-cased. */
  refs: Set<string>;
  /** Owns the cluster, directly or through a group. */
  owner: boolean;
  /** Belongs to the group that owns the cluster's template (the platform team). */
  templateOwner: boolean;
  /** Belongs to the template's approver group. */
  approver: boolean;
  /** Asked for the cluster. */
  requester: boolean;
}

/** Entity refs compare case-insensitively. */
export const lowerRef = (ref: string | undefined) =>
  (ref ?? '').toLocaleLowerCase('en-US');

/** A signed-in user and every ref they own through, lower-cased. */
export interface Identity {
  user: string;
  refs: Set<string>;
}

/**
 * The two gates every action passes: Backstage's permission framework (what
 * the portal's policy says), and the rules of complete clusters themselves,
 * which no policy can widen: only owners or the template's owners change or
 * delete a cluster, only approvers who did not ask themselves approve.
 */
export class Access {
  constructor(
    private readonly deps: Pick<
      ServiceDeps,
      'permissions' | 'userInfo' | 'auth'
    >,
  ) {}

  /** Whether the caller is a signed-in user. */
  isUser(
    credentials: BackstageCredentials,
  ): credentials is BackstageCredentials<BackstageUserPrincipal> {
    return this.deps.auth.isPrincipal(credentials, 'user');
  }

  /** The signed-in user, or a NotAllowedError for anyone else (services, anonymous). */
  user(
    credentials: BackstageCredentials,
    action: string,
  ): BackstageCredentials<BackstageUserPrincipal> {
    if (!this.deps.auth.isPrincipal(credentials, 'user')) {
      throw new NotAllowedError(
        `Only a signed-in user may ${action}; sign in to the portal first.`,
      );
    }
    return credentials;
  }

  async allowed(
    permission: BasicPermission | ResourcePermission,
    credentials: BackstageCredentials,
    resourceRef?: string,
  ): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorize(
      [
        resourceRef
          ? { permission: permission as ResourcePermission, resourceRef }
          : { permission: permission as BasicPermission },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  async require(
    permission: BasicPermission | ResourcePermission,
    credentials: BackstageCredentials,
    action: string,
    resourceRef?: string,
  ) {
    if (!(await this.allowed(permission, credentials, resourceRef)))
      throw new NotAllowedError(`You are not allowed to ${action}.`);
  }

  /** The signed-in user and the refs they own through (themselves and their groups, lower-cased). */
  async identity(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Identity> {
    const info = await this.deps.userInfo.getUserInfo(credentials);
    return {
      user: info.userEntityRef,
      refs: new Set(
        [info.userEntityRef, ...info.ownershipEntityRefs].map(lowerRef),
      ),
    };
  }

  async relation(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    cluster: ClusterRecord,
  ): Promise<Relation> {
    return this.relationOf(await this.identity(credentials), cluster);
  }

  /** How someone already identified stands to a cluster (for many clusters, one identity lookup). */
  relationOf({ user, refs }: Identity, cluster: ClusterRecord): Relation {
    const approvers = cluster.spec.approval?.required
      ? cluster.spec.approval.approvers
      : undefined;
    return {
      user,
      refs,
      owner: refs.has(lowerRef(cluster.ownerRef)),
      templateOwner: refs.has(lowerRef(cluster.spec.owner)),
      approver: approvers !== undefined && refs.has(lowerRef(approvers)),
      requester: lowerRef(cluster.requestedBy) === lowerRef(user),
    };
  }
}
