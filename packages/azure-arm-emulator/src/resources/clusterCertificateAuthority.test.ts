import { X509Certificate } from 'node:crypto';
import { createClusterCertificateAuthority } from './clusterCertificateAuthority';

describe('a cluster certificate authority', () => {
  it('is a CA certificate every TLS client can read, each one of 2,000 (a bad serial number showed in about 1 in 256)', () => {
    const unreadable: string[] = [];
    const serials = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const pem = createClusterCertificateAuthority();
      try {
        const certificate = new X509Certificate(pem);
        if (!certificate.ca || certificate.subject !== 'CN=ca')
          unreadable.push(pem);
        serials.add(certificate.serialNumber);
      } catch {
        unreadable.push(pem);
      }
    }
    expect(unreadable).toEqual([]);
    expect(serials.size).toBe(2000);
  });
});
