import { loadExampleTemplate } from '../__testUtils__/exampleTemplates';
import { applyParameters, requestFormSchema } from './consumerParameters';
import { clusterNameProblem } from './clusterName';

describe('requestFormSchema', () => {
  it('asks for the cluster name and exactly the template parameters, with the template values as defaults', () => {
    const schema = requestFormSchema(loadExampleTemplate('developer').spec);
    expect(schema.required).toEqual(['name']);
    expect(Object.keys(schema.properties)).toEqual([
      'name',
      'gpuMaxNodes',
      'kubernetesVersion',
      'region',
      // The developer template lets a team own its clusters.
      'owner',
    ]);
    expect(schema.properties.gpuMaxNodes).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 4,
      default: 2,
    });
    expect(schema.properties.kubernetesVersion).toMatchObject({
      enum: ['1.32', '1.33'],
      default: '1.33',
    });
    // The region: the template's own as the default, among those it allows.
    expect(schema.properties.region).toMatchObject({
      type: 'string',
      enum: ['southeastasia', 'centralindia', 'japaneast'],
      default: 'southeastasia',
    });
  });

  it('asks only for the name when a template locks everything', () => {
    expect(
      Object.keys(
        requestFormSchema(loadExampleTemplate('production').spec).properties,
      ),
    ).toEqual(['name']);
  });
});

describe('applyParameters', () => {
  const developer = loadExampleTemplate('developer').spec;

  it('sets the fields the template lets the consumer set', () => {
    const spec = applyParameters('developer', developer, {
      gpuMaxNodes: 4,
      kubernetesVersion: '1.32',
      region: 'centralindia',
    });
    expect(spec.infrastructure.nodePools[1].autoscale).toEqual({
      min: 0,
      max: 4,
    });
    expect(spec.infrastructure.kubernetesVersion).toBe('1.32');
    expect(spec.infrastructure.location).toBe('centralindia');
    expect(developer.infrastructure.location).toBe('southeastasia');
    expect(developer.infrastructure.nodePools[1].autoscale).toEqual({
      min: 0,
      max: 2,
    });
  });

  it('refuses a locked field, naming it and the fields that may be set', () => {
    expect(() =>
      applyParameters('developer', developer, { location: 'westeurope' }),
    ).toThrow(
      /parameters.location: template developer does not let consumers set location; .*fix: set only gpuMaxNodes, kubernetesVersion, region\b/,
    );
  });

  it('refuses every parameter of a fully locked template', () => {
    expect(() =>
      applyParameters('production', loadExampleTemplate('production').spec, {
        gpuMaxNodes: 30,
      }),
    ).toThrow(/send no parameters besides the cluster name/);
  });

  it('refuses values out of bounds or of the wrong type', () => {
    expect(() =>
      applyParameters('developer', developer, { gpuMaxNodes: 9 }),
    ).toThrow(/9 is above the maximum 4/);
    expect(() =>
      applyParameters('developer', developer, { gpuMaxNodes: 1.5 }),
    ).toThrow(/not a whole number/);
    expect(() =>
      applyParameters('developer', developer, { kubernetesVersion: '1.20' }),
    ).toThrow(/not one of 1.32, 1.33/);
    // A region Azure has, but not one the template allows.
    expect(() =>
      applyParameters('developer', developer, { region: 'westeurope' }),
    ).toThrow(
      /"westeurope" is not one of southeastasia, centralindia, japaneast/,
    );
  });
});

describe('clusterNameProblem', () => {
  it.each(['dev-ai-1', 'abc', 'a'.repeat(54)])('accepts %s', name =>
    expect(clusterNameProblem(name)).toBeUndefined(),
  );

  it.each([55, 60, 63])(
    'refuses a %i-character name, which AKS would refuse as a DNS prefix, saying why',
    length => {
      const problem = clusterNameProblem(`gpu-${'a'.repeat(length - 4)}`);
      expect(problem).toContain(`has ${length} characters`);
      expect(problem).toContain('DNS prefix, at most 54 characters');
    },
  );

  it('gives the request form the same limit', () => {
    const name = requestFormSchema(loadExampleTemplate('developer').spec)
      .properties.name;
    expect(name).toMatchObject({ minLength: 3, maxLength: 54 });
    const pattern = new RegExp(name.pattern as string);
    expect(pattern.test('a'.repeat(54))).toBe(true);
    expect(pattern.test('a'.repeat(55))).toBe(false);
  });
  it.each([
    ['', /required/],
    ['ab', /has 2 characters/],
    ['Dev-AI', /use dev-ai instead/],
    ['1cluster', /not a valid cluster name/],
    ['ends-with-', /not a valid cluster name/],
    ['has_underscore', /not a valid cluster name/],
    ['Bad_Name', /not a valid cluster name/],
    ['line\nbreak', /"line\\nbreak" is not a valid cluster name/],
  ])('refuses %j with a helpful message', (name, message) =>
    expect(clusterNameProblem(name)).toMatch(message),
  );
});
