import path from 'path';
import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import { ClusterTemplateProcessor } from './ClusterTemplateProcessor';

import {
  EXAMPLES_DIR,
  loadExampleTemplate,
} from '../__testUtils__/exampleTemplates';

const load = (name: string): Entity =>
  loadExampleTemplate(name) as unknown as Entity;
const location = {
  type: 'file',
  target: path.join(EXAMPLES_DIR, 'developer.yaml'),
};

describe('ClusterTemplateProcessor', () => {
  const processor = new ClusterTemplateProcessor();

  it.each(['developer', 'testing', 'production'])(
    'accepts the %s example',
    async name => {
      await expect(processor.validateEntityKind(load(name))).resolves.toBe(
        true,
      );
    },
  );

  it('leaves other kinds to other processors', async () => {
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
      }),
    ).resolves.toBe(false);
    await expect(
      processor.validateEntityKind({
        apiVersion: 'other.io/v1',
        kind: 'ClusterTemplate',
        metadata: { name: 'x' },
      }),
    ).resolves.toBe(false);
  });

  it('refuses a malformed template with every bad field and its fix', async () => {
    const entity: any = load('production');
    entity.spec.infrastructure.nodePools[1].autoscale = { min: 0, max: 'lots' };
    delete entity.spec.policies.networkDefault;
    await expect(processor.validateEntityKind(entity)).rejects.toThrow(
      'ClusterTemplate production is invalid:\n' +
        '- spec.infrastructure.nodePools[1].autoscale.max: must be a whole number; fix: use a whole number from 1 to 1000\n' +
        '- spec.policies.networkDefault: is required but missing; fix: use allow or deny',
    );
  });

  it('relates the template to its owner and emits its Scaffolder Template', async () => {
    const emitted: CatalogProcessorResult[] = [];
    const entity = load('developer');
    await expect(
      processor.postProcessEntity(entity, location, r => emitted.push(r)),
    ).resolves.toBe(entity);

    const self = {
      kind: 'ClusterTemplate',
      namespace: 'default',
      name: 'developer',
    };
    const owner = {
      kind: 'group',
      namespace: 'default',
      name: 'platform-team',
    };
    expect(emitted).toContainEqual({
      type: 'relation',
      relation: { source: self, type: 'ownedBy', target: owner },
    });
    expect(emitted).toContainEqual({
      type: 'relation',
      relation: { source: owner, type: 'ownerOf', target: self },
    });
    const generated = emitted.find(r => r.type === 'entity');
    expect(generated).toMatchObject({
      type: 'entity',
      location,
      entity: { kind: 'Template', metadata: { name: 'developer' } },
    });
  });
});
