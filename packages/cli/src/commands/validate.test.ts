import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { assertValidClusterTemplate } from '@complete-clusters/plugin-complete-clusters-common';
import { run } from '../run';

const root = path.resolve(__dirname, '../../../..');
const examples = path.join(root, 'examples/cluster-templates');
const bin = path.resolve(__dirname, '../../bin/complete-clusters');

async function validate(...args: string[]) {
  const lines: string[] = [];
  const code = await run(['validate', ...args], line => lines.push(line));
  return { code, output: lines.join('\n') };
}

/** A copy of an example template with one text replaced, and the 1-based line where the replacement sits. */
function brokenCopy(example: string, from: string, to: string) {
  const text = fs.readFileSync(path.join(examples, example), 'utf8');
  expect(text).toContain(from);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-validate-'));
  const file = path.join(dir, example);
  fs.writeFileSync(file, text.replace(from, to));
  const line = text.slice(0, text.indexOf(from)).split('\n').length;
  return { file, line, entity: parse(text.replace(from, to)) };
}

describe('complete-clusters validate', () => {
  it('accepts the three example templates', async () => {
    const { code, output } = await validate(path.join(examples, '*.yaml'));
    expect(output).toContain('3 ClusterTemplates in 3 files: 0 invalid');
    expect(code).toBe(0);
  });

  it('refuses an autoscale minimum above its maximum, naming the file, line and field, in the catalog’s words', async () => {
    const { file, line, entity } = brokenCopy(
      'developer.yaml',
      'autoscale: { min: 0, max: 2 }',
      'autoscale: { min: 5, max: 2 }',
    );
    const { code, output } = await validate(file);
    expect(code).toBe(1);
    expect(output).toMatch(
      new RegExp(
        `developer\\.yaml:${line}:\\d+ spec\\.infrastructure\\.nodePools\\[1\\]\\.autoscale`,
      ),
    );
    // The same message the catalog shows on the template's page.
    let catalogMessage = '';
    try {
      assertValidClusterTemplate(entity);
    } catch (error) {
      catalogMessage = (error as Error).message;
    }
    expect(catalogMessage).toMatch(/autoscale/);
    expect(output).toContain(catalogMessage);
    expect(output).toContain('1 ClusterTemplate in 1 file: 1 invalid');
  });

  it('points at the line of a bad value deep in the template', async () => {
    const { file, line } = brokenCopy(
      'production.yaml',
      'location: centralindia',
      'location: mars-north',
    );
    const { code, output } = await validate(file);
    expect(code).toBe(1);
    expect(output).toMatch(
      new RegExp(
        `production\\.yaml:${line}:\\d+ spec\\.infrastructure\\.location: `,
      ),
    );
  });

  it('says which file cannot be read or parsed, with exit code 2', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-validate-'));
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(
      broken,
      'apiVersion: complete-clusters.io/v1alpha1\nkind: ClusterTemplate\nspec: [unclosed\n',
    );
    const missing = path.join(dir, 'missing.yaml');
    const { code, output } = await validate(broken, missing);
    expect(code).toBe(2);
    expect(output).toMatch(/broken\.yaml:\d+:\d+ is not valid YAML/);
    expect(output).toMatch(/missing\.yaml: cannot be read \(ENOENT\)/);
  });

  it('runs as a command whose exit code CI can use', async () => {
    const exec = promisify(execFile);
    const ok = await exec(process.execPath, [
      bin,
      'validate',
      path.join(examples, '*.yaml'),
    ]);
    expect(ok.stdout).toContain('0 invalid');
    const { file } = brokenCopy(
      'testing.yaml',
      'version: 1.0.0',
      'version: one',
    );
    await expect(
      exec(process.execPath, [bin, 'validate', file]),
    ).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining('spec.version'),
    });
  }, 60_000);
});
