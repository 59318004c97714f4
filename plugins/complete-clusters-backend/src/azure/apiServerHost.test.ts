import { isHostName } from './apiServerHost';

describe('isHostName', () => {
  it('takes the fqdn Azure gives a managed cluster', () => {
    expect(isHostName('dev-ai-1-1a2b3c4d.hcp.southeastasia.azmk8s.io')).toBe(
      true,
    );
    expect(isHostName('localhost')).toBe(true);
  });

  it('refuses anything that would send the Kubernetes plugin anywhere but a host', () => {
    for (const fqdn of [
      'evil.example.com/x',
      'user:pass@host.example.com',
      'host.example.com:8443',
      'https://host.example.com',
      'host.example.com?x=1',
      '-host.example.com',
      'host..example.com',
      `${'a'.repeat(64)}.example.com`,
      `${'a.'.repeat(127)}a`,
      '',
    ])
      expect([fqdn, isHostName(fqdn)]).toEqual([fqdn, false]);
  });
});
