import { loadExampleTemplate } from '../__testUtils__/exampleTemplates';
import {
  malformedTemplates,
  validVariations,
} from '../__testUtils__/templateMutations';
import {
  assertValidClusterTemplate,
  clusterTemplateProblems,
} from './validateClusterTemplate';

/**
 * A generated corpus: every field of the three example templates set to each
 * bad value of its kind (wrong types, control characters, huge strings, names
 * Azure or Kubernetes refuse, parameter bounds that break the template). Each
 * must be refused with a message naming the mutated field; valid variations
 * of the same fields must still pass.
 */
describe('the template corpus', () => {
  const examples = {
    developer: loadExampleTemplate('developer'),
    testing: loadExampleTemplate('testing'),
    production: loadExampleTemplate('production'),
  };
  const malformed = malformedTemplates(examples);
  const valid = validVariations(examples);

  it('holds at least 1,000 malformed templates and 100 valid variations', () => {
    expect(malformed.length).toBeGreaterThanOrEqual(1000);
    expect(valid.length).toBeGreaterThanOrEqual(100);
  });

  it('refuses every malformed template, naming the mutated field in the message', () => {
    const missed: string[] = [];
    for (const { template, path, value, entity } of malformed) {
      let message = '';
      try {
        assertValidClusterTemplate(entity);
      } catch (e) {
        message = (e as Error).message;
      }
      if (!message.includes(`\n- ${path}`))
        missed.push(
          `${template} ${path} = ${JSON.stringify(value)?.slice(0, 60)}: ${
            message.slice(0, 300) || 'accepted'
          }`,
        );
    }
    expect(missed).toEqual([]);
  });

  it('gives every refusal a fix', () => {
    const withoutFix = malformed.flatMap(m =>
      clusterTemplateProblems(m.entity)
        .filter(p => !p.fix)
        .map(
          p => `${m.template} ${m.path}: ${p.field} ${p.message.slice(0, 120)}`,
        ),
    );
    expect([...new Set(withoutFix)]).toEqual([]);
  });

  it('accepts every valid variation', () => {
    const refused = valid
      .map(v => ({ v, problems: clusterTemplateProblems(v.entity) }))
      .filter(({ problems }) => problems.length > 0)
      .map(
        ({ v, problems }) =>
          `${v.template} ${v.path} = ${JSON.stringify(v.value)}: ${problems
            .map(p => `${p.field} ${p.message}`)
            .join('; ')}`,
      );
    expect(refused).toEqual([]);
  });
});
