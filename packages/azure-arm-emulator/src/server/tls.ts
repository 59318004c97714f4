import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Certificate {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
}

/** A self-signed certificate for localhost/127.0.0.1, made with openssl. */
export function createSelfSignedCertificate(dir?: string): Certificate {
  const target = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'arm-emulator-'));
  fs.mkdirSync(target, { recursive: true });
  const keyPath = path.join(target, 'key.pem');
  const certPath = path.join(target, 'cert.pem');
  if (!fs.existsSync(keyPath) || !fs.existsSync(certPath)) {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
        '-keyout', keyPath, '-out', certPath, '-days', '30',
        '-subj', '/CN=localhost',
        '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
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
