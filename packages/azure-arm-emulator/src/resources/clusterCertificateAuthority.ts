import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  BasicConstraints,
  Certificate,
  Extension,
  Extensions,
  id_ce_basicConstraints,
  id_ce_keyUsage,
  id_ce_subjectKeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  RelativeDistinguishedName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from '@peculiar/asn1-x509';
import {
  createHash,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';

/** ecdsa-with-SHA256 (RFC 5758). */
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
const COMMON_NAME = '2.5.4.3';
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

function pem(der: ArrayBuffer | Buffer): string {
  const base64 = Buffer.from(der as ArrayBuffer).toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${base64
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * A cluster's own certificate authority, as AKS makes one per cluster: a
 * self-signed CA certificate with subject `CN=ca`, valid for 30 years. AKS
 * uses RSA 4096; the emulator uses ECDSA P-256, which takes about a
 * millisecond rather than a second, so a fleet of thousands can ask for its
 * credentials. Only the certificate (PEM) is returned: the private key signs
 * it and is dropped, since nothing is ever issued under it.
 */
export function createClusterCertificateAuthority(
  now: number = Date.now(),
): string {
  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
  });
  const spkiDer = publicKey.export({ type: 'spki', format: 'der' });
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  const name = new Name([
    new RelativeDistinguishedName([
      new AttributeTypeAndValue({
        type: COMMON_NAME,
        value: new AttributeValue({ printableString: 'ca' }),
      }),
    ]),
  ]);
  const signature = new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 });
  const keyId = createHash('sha1')
    .update(Buffer.from(spki.subjectPublicKey))
    .digest();
  const serial = randomBytes(16);
  // A positive INTEGER in DER's shortest form: a first byte of 0 followed by one below 0x80 is padding, which
  // OpenSSL refuses (about 1 CA in 256 was unreadable, and Node's X509Certificate threw on it).
  serial[0] = serial[0] & 0x7f || 0x01;
  const notBefore = new Date(Math.floor(now / 1000) * 1000);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(
      serial.byteOffset,
      serial.byteOffset + serial.length,
    ),
    signature,
    issuer: name,
    subject: name,
    validity: new Validity({
      notBefore,
      notAfter: new Date(notBefore.getTime() + 30 * YEAR_MS),
    }),
    subjectPublicKeyInfo: spki,
    extensions: new Extensions([
      new Extension({
        extnID: id_ce_keyUsage,
        critical: true,
        extnValue: new OctetString(
          AsnConvert.serialize(
            new KeyUsage(
              KeyUsageFlags.digitalSignature |
                KeyUsageFlags.keyEncipherment |
                KeyUsageFlags.keyCertSign,
            ),
          ),
        ),
      }),
      new Extension({
        extnID: id_ce_basicConstraints,
        critical: true,
        extnValue: new OctetString(
          AsnConvert.serialize(new BasicConstraints({ cA: true })),
        ),
      }),
      new Extension({
        extnID: id_ce_subjectKeyIdentifier,
        extnValue: new OctetString(
          AsnConvert.serialize(new SubjectKeyIdentifier(keyId)),
        ),
      }),
    ]),
  });
  const tbsDer = Buffer.from(AsnConvert.serialize(tbs));
  const signatureValue = sign('sha256', tbsDer, privateKey);
  const certificate = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: signature,
    signatureValue: signatureValue.buffer.slice(
      signatureValue.byteOffset,
      signatureValue.byteOffset + signatureValue.length,
    ),
  });
  return pem(AsnConvert.serialize(certificate));
}
