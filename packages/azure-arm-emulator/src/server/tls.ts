import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Certificate {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether a certificate can be served again: it parses, stays valid for at
 * least another day and names both localhost and 127.0.0.1.
 */
export function isReusable(certPem: string, now: number = Date.now()): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const san = cert.subjectAltName ?? '';
    return (
      Date.parse(cert.validTo) - now > DAY_MS &&
      san.includes('DNS:localhost') &&
      san.includes('IP Address:127.0.0.1')
    );
  } catch {
    return false;
  }
}

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with openssl.
 * In a given directory it is kept across restarts (clients trust that file,
 * e.g. through NODE_EXTRA_CA_CERTS) and made again when it expires within a day.
 */
export function createSelfSignedCertificate(
  dir?: string,
  now: number = Date.now(),
): Certificate {
  const target = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'arm-emulator-'));
  fs.mkdirSync(target, { recursive: true });
  const keyPath = path.join(target, 'key.pem');
  const certPath = path.join(target, 'cert.pem');
  const reusable =
    fs.existsSync(keyPath) &&
    fs.existsSync(certPath) &&
    isReusable(fs.readFileSync(certPath, 'utf8'), now);
  if (!reusable) {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '30',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
  }
  return {
    certPath,
    keyPath,
    cert: fs.readFileSync(certPath, 'utf8'),
    key: fs.readFileSync(keyPath, 'utf8'),
  };
}
