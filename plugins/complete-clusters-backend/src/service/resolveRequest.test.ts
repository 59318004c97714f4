import { exampleTemplate } from '../__testUtils__/exampleTemplates';
import { parseRequestBody, resolveRequest } from './resolveRequest';

/** What the generated Scaffolder form passes: every property of the form, as the request action's `parameters`. */
function fromForm(
  templateName: 'developer' | 'testing' | 'production',
  parameters: Record<string, unknown>,
  owner?: string,
) {
  return resolveRequest(
    parseRequestBody({
      templateRef: `clustertemplate:default/${templateName}`,
      name: parameters.name,
      parameters,
      ...(owner ? { owner } : {}),
    }),
    exampleTemplate(templateName),
  );
}

describe('resolveRequest of the generated form', () => {
  it('does not take the pre-flight checks field for a template answer', () => {
    const resolved = fromForm('developer', {
      name: 'dev-form-1',
      gpuMaxNodes: 4,
      kubernetesVersion: '1.32',
      preflight: 'pass',
    });
    expect(resolved.parameters).toEqual({
      gpuMaxNodes: 4,
      kubernetesVersion: '1.32',
    });
    expect(resolved.spec.infrastructure.nodePools[1].autoscale?.max).toBe(4);
  });

  it('drops it along with the owner, where a group may own the cluster', () => {
    const resolved = fromForm(
      'developer',
      {
        name: 'dev-form-2',
        gpuMaxNodes: 2,
        owner: 'group:default/team-ai',
        preflight: 'fail',
      },
      'group:default/team-ai',
    );
    expect(resolved.parameters).toEqual({ gpuMaxNodes: 2 });
    expect(resolved.owner).toBe('group:default/team-ai');
  });

  it('drops it from a form that asks only for the name', () => {
    expect(
      fromForm('production', { name: 'prod-form-1', preflight: 'pass' })
        .parameters,
    ).toEqual({});
  });

  it('still refuses any other field the template locks, naming it', () => {
    expect(() =>
      fromForm('developer', {
        name: 'dev-form-3',
        preflight: 'pass',
        location: 'westeurope',
      }),
    ).toThrow(
      /parameters\.location: template developer does not let consumers set location/,
    );
  });

  it('keeps a template parameter that happens to be called preflight as an answer', () => {
    const template = exampleTemplate('testing');
    const spec = template.spec as any;
    spec.parameters = [
      ...spec.parameters,
      {
        id: 'preflight',
        field: 'infrastructure.kubernetesVersion',
        title: 'Kubernetes version',
        type: 'string',
        enum: ['1.32', '1.33'],
      },
    ];
    const resolved = resolveRequest(
      parseRequestBody({
        templateRef: 'clustertemplate:default/testing',
        name: 'test-form-1',
        parameters: { preflight: '1.32' },
      }),
      template,
    );
    expect(resolved.parameters).toEqual({ preflight: '1.32' });
    expect(resolved.spec.infrastructure.kubernetesVersion).toBe('1.32');
  });
});
