import { PROVISIONING_STEPS } from '@complete-clusters/plugin-complete-clusters-common';
import { loadExampleTemplate as load } from '../__testUtils__/exampleTemplates';
import { scaffolderTemplateFor } from './scaffolderTemplateFor';

describe('scaffolderTemplateFor', () => {
  it('gives the Scaffolder Template the ClusterTemplate name, owner and version', () => {
    const template = scaffolderTemplateFor(load('developer'));
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: 'developer',
        namespace: 'default',
        title: 'Developer cluster',
        annotations: {
          'complete-clusters.io/cluster-template':
            'clustertemplate:default/developer',
          'complete-clusters.io/template-version': '1.0.0',
        },
      },
      spec: { owner: 'group:default/platform-team', type: 'complete-cluster' },
    });
    expect(template.metadata.tags).toEqual([
      'complete-cluster',
      'development',
      'ai',
      'gpu',
    ]);
  });

  it('asks for a valid cluster name and exactly the consumer parameters', () => {
    const [page] = (scaffolderTemplateFor(load('developer')).spec as any)
      .parameters;
    expect(page.required).toEqual(['name']);
    expect(Object.keys(page.properties)).toEqual([
      'name',
      'gpuMaxNodes',
      'kubernetesVersion',
      'region',
      // The developer template lets a team own its clusters.
      'owner',
      // The live pre-flight checks, last: they check the answers above.
      'preflight',
    ]);
    expect(page.properties.name).toMatchObject({
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{1,52}[a-z0-9]$',
      maxLength: 54,
    });
    expect(page.properties.gpuMaxNodes).toMatchObject({
      minimum: 1,
      maximum: 4,
      default: 2,
    });
    // A choice of the regions the template allows, its own the default.
    expect(page.properties.region).toMatchObject({
      type: 'string',
      enum: ['southeastasia', 'centralindia', 'japaneast'],
      default: 'southeastasia',
    });
  });

  it('asks only for the name when the template locks everything', () => {
    const [page] = (scaffolderTemplateFor(load('production')).spec as any)
      .parameters;
    expect(Object.keys(page.properties)).toEqual(['name', 'preflight']);
  });

  it('shows the pre-flight checks live through the frontend plugin’s field, naming the template and its version', () => {
    const [page] = (scaffolderTemplateFor(load('production')).spec as any)
      .parameters;
    expect(page.properties.preflight).toEqual({
      title: 'Pre-flight checks',
      type: 'string',
      description: expect.stringContaining('vCPU quota'),
      'ui:field': 'CompleteClusterPreflight',
      'ui:options': {
        templateRef: 'clustertemplate:default/production',
        templateVersion: '1.0.0',
      },
      'ui:backstage': { review: { show: false } },
    });
    // Not required: the field holds its own status; the checks themselves stop the form.
    expect(page.required).toEqual(['name']);
  });

  it('leaves a template parameter called preflight as it is', () => {
    const changed: any = load('testing');
    changed.spec.parameters.push({
      id: 'preflight',
      field: 'infrastructure.kubernetesVersion',
      title: 'Kubernetes version',
      type: 'string',
    });
    const [page] = (scaffolderTemplateFor(changed).spec as any).parameters;
    expect(page.properties.preflight['ui:field']).toBeUndefined();
    expect(page.properties.preflight.title).toBe('Kubernetes version');
  });

  it('follows a change of the ClusterTemplate', () => {
    const changed: any = load('testing');
    changed.spec.version = '1.1.0';
    changed.spec.parameters[0].maximum = 8;
    const template: any = scaffolderTemplateFor(changed);
    expect(
      template.metadata.annotations['complete-clusters.io/template-version'],
    ).toBe('1.1.0');
    expect(template.spec.parameters[0].properties.gpuNodes.maximum).toBe(8);
  });

  it('hands the request to the engine with the template ref, version and all answers', () => {
    const [step] = (scaffolderTemplateFor(load('testing')).spec as any).steps;
    expect(step).toEqual({
      id: 'request',
      name: 'Record the cluster request',
      action: 'complete-clusters:cluster:request',
      input: {
        template: 'clustertemplate:default/testing',
        templateVersion: '1.0.0',
        name: '${{ parameters.name }}',
        parameters: '${{ parameters }}',
      },
    });
  });

  it('asks the Scaffolder to take a task up again after a backend restart, since every step may run again', () => {
    expect(
      (scaffolderTemplateFor(load('developer')).spec as any)
        .EXPERIMENTAL_recovery,
    ).toEqual({ EXPERIMENTAL_strategy: 'startOver' });
  });

  it('follows the request with one step per provisioning phase, each with its own log', () => {
    const steps = (scaffolderTemplateFor(load('developer')).spec as any).steps;
    expect(steps.map((s: any) => s.id)).toEqual([
      'request',
      'resource-group',
      'managed-cluster',
      'policies',
      'applications',
    ]);
    expect(steps.slice(1)).toEqual([
      {
        id: 'resource-group',
        name: 'Resource group',
        action: 'complete-clusters:cluster:wait',
        input: {
          name: '${{ steps.request.output.name }}',
          step: 'ResourceGroup',
        },
      },
      {
        id: 'managed-cluster',
        name: 'Managed cluster and node pools',
        action: 'complete-clusters:cluster:wait',
        input: {
          name: '${{ steps.request.output.name }}',
          step: 'ManagedCluster',
        },
      },
      {
        id: 'policies',
        name: 'Policies: pod security, access and network isolation',
        action: 'complete-clusters:cluster:wait',
        input: { name: '${{ steps.request.output.name }}', step: 'Policies' },
      },
      {
        id: 'applications',
        name: 'Applications',
        action: 'complete-clusters:cluster:wait',
        input: {
          name: '${{ steps.request.output.name }}',
          step: 'Applications',
        },
      },
    ]);
  });

  it('has a step for every provisioning step, in order, with unique ids, and an approval step only where the template requires approval', () => {
    for (const example of ['developer', 'testing', 'production'] as const) {
      const template = load(example);
      const steps = (scaffolderTemplateFor(template).spec as any).steps;
      const expected = PROVISIONING_STEPS.filter(
        s => s.phase !== 'AwaitingApproval' || template.spec.approval?.required,
      ).map(s => [
        s.phase,
        s.phase === 'AwaitingApproval'
          ? `Approval by ${template.spec.approval?.approvers}`
          : s.title,
      ]);
      expect(steps.slice(1).map((s: any) => [s.input.step, s.name])).toEqual(
        expected,
      );
      expect(steps.some((s: any) => s.input.step === 'AwaitingApproval')).toBe(
        example === 'production',
      );
      expect(new Set(steps.map((s: any) => s.id)).size).toBe(steps.length);
      for (const step of steps) expect(step.id).toMatch(/^[a-z][a-z0-9-]*$/);
    }
  });

  it('links to the cluster in the catalog when done', () => {
    expect(
      (scaffolderTemplateFor(load('production')).spec as any).output,
    ).toEqual({
      links: [
        {
          title: 'Open the cluster in the catalog',
          icon: 'catalog',
          entityRef: '${{ steps.request.output.entityRef }}',
        },
      ],
    });
  });
});
