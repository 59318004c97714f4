import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import { emulatorSettings, TEST_PLATFORM } from '../__testUtils__/emulator';
import {
  exampleRequest,
  testObjectId,
} from '../__testUtils__/exampleTemplates';
import { BUILT_IN_POLICIES, BUILT_IN_ROLES } from './builtIns';
import { planComponents } from './planComponents';
import type { KustomizationDefinition } from '@azure/arm-kubernetesconfiguration';
import type { PlannedComponent } from './types';

const settings = emulatorSettings({ url: 'https://localhost:7443' });
const GITOPS = path.resolve(__dirname, '../../../../gitops');

function plan(
  template: 'developer' | 'testing' | 'production',
  requester = 'user:default/alice',
) {
  const request = exampleRequest(template, settings, `${template}-1`, {
    requester,
  });
  return { request, components: planComponents({ ...request }, TEST_PLATFORM) };
}

/** The kustomizations of a Flux configuration body (the SDK types allow null values). */
const kustomizationsOf = (body: {
  kustomizations?: Record<string, KustomizationDefinition | null>;
}) =>
  Object.fromEntries(
    Object.entries(body.kustomizations ?? {}).map(([k, v]) => [k, v!]),
  );

const calls = <K extends PlannedComponent['call']['kind']>(
  components: PlannedComponent[],
  kind: K,
) =>
  components
    .filter(c => c.call.kind === kind)
    .map(c => c.call as Extract<PlannedComponent['call'], { kind: K }>);

describe('planComponents', () => {
  it('puts every policy before every application, and each component after what it depends on', () => {
    for (const template of ['developer', 'testing', 'production'] as const) {
      const { components } = plan(template);
      const firstApp = components.findIndex(c => c.layer === 'applications');
      expect(
        components
          .slice(firstApp)
          .every(c => c.layer === 'applications' && c.phase === 'Applications'),
      ).toBe(true);
      components.forEach((c, i) => {
        for (const dep of c.dependsOn)
          expect(components.findIndex(d => d.key === dep)).toBeLessThan(i);
      });
      expect(new Set(components.map(c => c.key)).size).toBe(components.length);
    }
  });

  it('grants the developer template requester edit and exec on the AI model namespace only, through a least-privilege custom role, and view on the whole cluster as its owner', () => {
    const { request, components } = plan('developer');
    const clusterId = request.azure.resourceId;
    const [definition] = calls(components, 'roleDefinition');
    expect(definition.body.roleName).toBe(
      'Complete Clusters: edit and exec (subscription 00000000-0000-0000-0000-0000000000c1)',
    );
    const dataActions = definition.body.permissions![0].dataActions!;
    expect(dataActions).toEqual(
      expect.arrayContaining([
        'Microsoft.ContainerService/managedClusters/pods/exec/action',
        'Microsoft.ContainerService/managedClusters/apps/deployments/*',
        'Microsoft.ContainerService/managedClusters/configmaps/*',
      ]),
    );
    // Never secrets, roles, network policies or namespaces: access and isolation stay the template's.
    expect(
      dataActions.filter(a =>
        /secrets|rbac\.authorization|networkpolicies\/\*|namespaces\/(write|delete|\*)/.test(
          a,
        ),
      ),
    ).toEqual([]);

    const assignments = calls(components, 'roleAssignment');
    const alice = testObjectId('user:default/alice');
    expect(
      assignments.map(a => [
        a.scope,
        a.body.roleDefinitionId.split('/').pop(),
        a.body.principalId,
        a.body.principalType,
      ]),
    ).toEqual([
      // Scopes as the SDK takes them: ARM ids without the leading slash.
      [
        `${clusterId.slice(1)}/namespaces/ai-models`,
        definition.roleDefinitionId,
        alice,
        'User',
      ],
      // team-view: owner-members, who are the requester alone when she owns the cluster herself.
      [clusterId.slice(1), BUILT_IN_ROLES.aksRbacReader, alice, 'User'],
      [clusterId.slice(1), BUILT_IN_ROLES.aksClusterUser, alice, 'User'],
    ]);
  });

  it('locks production access to the template: requester reads the cluster, the platform team administers it, with built-in roles', () => {
    const { request, components } = plan('production');
    const clusterId = request.azure.resourceId.slice(1);
    expect(calls(components, 'roleDefinition')).toEqual([]);
    const grants = calls(components, 'roleAssignment').map(a => [
      a.scope,
      a.body.roleDefinitionId.split('/').pop(),
      a.body.principalId,
    ]);
    const alice = testObjectId('user:default/alice');
    const team = testObjectId('group:default/platform-team');
    expect(grants).toEqual([
      [clusterId, BUILT_IN_ROLES.aksRbacReader, alice],
      [clusterId, BUILT_IN_ROLES.aksRbacClusterAdmin, team],
      [clusterId, BUILT_IN_ROLES.aksClusterUser, alice],
      [clusterId, BUILT_IN_ROLES.aksClusterUser, team],
    ]);
    // Whoever asks, the grants are the template's: only the requester's own id changes.
    const bob = plan('production', 'user:default/bob').components;
    expect(
      calls(bob, 'roleAssignment').map(a => a.body.roleDefinitionId),
    ).toEqual(
      calls(components, 'roleAssignment').map(a => a.body.roleDefinitionId),
    );
  });

  it('assigns the built-in no-privileged-containers policy and the pod security initiative of the template level at the cluster, with Deny', () => {
    const { request, components } = plan('production');
    const assignments = calls(components, 'policyAssignment');
    expect(
      assignments.map(a => [
        a.scope,
        a.body.policyDefinitionId,
        a.body.parameters,
      ]),
    ).toEqual([
      [
        request.azure.resourceId.slice(1),
        BUILT_IN_POLICIES.noPrivilegedContainers,
        { effect: { value: 'Deny' } },
      ],
      [
        request.azure.resourceId.slice(1),
        BUILT_IN_POLICIES.podSecurityRestricted,
        { effect: { value: 'Deny' } },
      ],
    ]);
    expect(
      calls(plan('testing').components, 'policyAssignment').map(
        a => a.body.policyDefinitionId,
      ),
    ).toEqual([
      BUILT_IN_POLICIES.noPrivilegedContainers,
      BUILT_IN_POLICIES.podSecurityBaseline,
    ]);
  });

  it('delivers default-deny networking for production through the platform Flux configuration, in every application namespace', () => {
    const platform = calls(
      plan('production').components,
      'fluxConfiguration',
    ).find(c => c.name === 'complete-clusters-platform')!;
    expect(platform.body.gitRepository).toMatchObject({
      url: TEST_PLATFORM.gitops.url,
      repositoryRef: { tag: 'v0.1.0' },
    });
    expect(Object.keys(kustomizationsOf(platform.body))).toEqual([
      'ns-ai-models',
      'ns-redis',
      'ns-kafka',
      'ns-monitoring',
    ]);
    for (const k of Object.values(kustomizationsOf(platform.body))) {
      expect(k.path).toBe('./gitops/platform/namespace-deny-by-default');
      expect(k.postBuild!.substitute).toMatchObject({
        pod_security: 'restricted',
      });
    }
    const developer = calls(
      plan('developer').components,
      'fluxConfiguration',
    ).find(c => c.name === 'complete-clusters-platform')!;
    expect(
      Object.values(kustomizationsOf(developer.body)).map(k => k.path),
    ).toEqual(Array(3).fill('./gitops/platform/namespace'));
  });

  it('installs each production application as its own pinned Flux configuration, and central logging as the cluster add-on', () => {
    const apps = plan('production').components.filter(
      c => c.layer === 'applications',
    );
    expect(apps.map(a => [a.name, a.kind, a.version])).toEqual([
      ['ai-models', 'fluxConfiguration', '1.4.2'],
      ['redis', 'fluxConfiguration', '21.2.5'],
      ['kafka', 'fluxConfiguration', '0.47.0'],
      ['logging', 'addon', 'aks-managed'],
      ['monitoring', 'fluxConfiguration', '77.0.0'],
    ]);
    const redis = calls(apps, 'fluxConfiguration').find(
      c => c.name === 'app-redis',
    )!;
    expect(kustomizationsOf(redis.body).app.postBuild!.substitute).toEqual({
      app_name: 'redis',
      chart_repository: 'oci://registry-1.docker.io/bitnamicharts',
      chart_repository_type: 'oci',
      chart_name: 'redis',
      chart_version: '21.2.5',
      target_namespace: 'redis',
      chart_values: JSON.stringify({ architecture: 'replication' }),
    });
    expect(calls(apps, 'addon')).toEqual([
      expect.objectContaining({ addon: 'omsagent' }),
    ]);
  });

  it('fills exactly the variables the platform GitOps folders use, and they render to valid Kubernetes objects', () => {
    // The manifest files a kustomization builds, following its resources as kustomize does.
    const filesOf = (folder: string): string[] => {
      const kustomization = parseAllDocuments(
        fs.readFileSync(path.join(folder, 'kustomization.yaml'), 'utf8'),
      )[0].toJS();
      return (kustomization.resources as string[]).flatMap(resource => {
        const target = path.resolve(folder, resource);
        return fs.statSync(target).isDirectory() ? filesOf(target) : [target];
      });
    };
    const used = (folder: string) =>
      new Set(
        filesOf(folder).flatMap(file =>
          [...fs.readFileSync(file, 'utf8').matchAll(/\$\{(\w+)\}/g)].map(
            m => m[1],
          ),
        ),
      );
    const render = (folder: string, vars: Record<string, string>) =>
      filesOf(folder).flatMap(file =>
        parseAllDocuments(
          fs
            .readFileSync(file, 'utf8')
            .replace(/\$\{(\w+)\}/g, (_, v) => vars[v]),
        ).map(d => d.toJS()),
      );
    const fluxConfigs = calls(
      plan('production').components,
      'fluxConfiguration',
    );
    for (const config of fluxConfigs) {
      for (const k of Object.values(kustomizationsOf(config.body))) {
        const folder = path.join(GITOPS, k.path!.replace(/^\.\/gitops\//, ''));
        const vars = k.postBuild!.substitute!;
        expect([...used(folder)].sort()).toEqual(Object.keys(vars).sort());
        for (const object of render(folder, vars)) {
          expect(object).toMatchObject({
            apiVersion: expect.any(String),
            kind: expect.any(String),
            metadata: { name: expect.any(String) },
          });
          expect(JSON.stringify(object)).not.toContain('${');
        }
      }
    }
    const redis = fluxConfigs.find(c => c.name === 'app-redis')!;
    const release = render(
      path.join(GITOPS, 'helm-release'),
      kustomizationsOf(redis.body).app.postBuild!.substitute!,
    );
    expect(release.find(o => o.kind === 'HelmRelease')).toMatchObject({
      spec: {
        chart: { spec: { chart: 'redis', version: '21.2.5' } },
        targetNamespace: 'redis',
        values: { architecture: 'replication' },
      },
    });
  });
});
