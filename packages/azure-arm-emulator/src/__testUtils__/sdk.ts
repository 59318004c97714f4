import https from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import { createDefaultHttpClient, HttpClient } from '@azure/core-rest-pipeline';
import { Emulator } from '../index';
import { emulatorAccessToken } from '../auth/accessToken';

/** A credential that hands out an emulator access token (a JWT, unsigned). */
export const fakeCredential: TokenCredential = {
  getToken: async () => ({
    token: emulatorAccessToken(),
    expiresOnTimestamp: Date.now() + 3600e3,
  }),
};

/** An http client that trusts the emulator's self-signed certificate. */
export function trustingHttpClient(caPem: string): HttpClient {
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  const inner = createDefaultHttpClient();
  return {
    sendRequest: request => {
      request.agent = agent;
      return inner.sendRequest(request);
    },
  };
}

/** Client options for every Azure SDK generation: `endpoint`, a trusting http client and quick retries. */
export function sdkOptions(emulator: Emulator) {
  return {
    endpoint: emulator.url,
    httpClient: trustingHttpClient(emulator.caPem!),
    retryOptions: { maxRetries: 10, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  };
}

/** GET over https trusting the emulator's CA; the body as text. */
export function getText(emulator: Emulator, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.get(
      `${emulator.url}${path}`,
      {
        ca: emulator.caPem,
        headers: { Authorization: `Bearer ${emulatorAccessToken()}` },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      },
    );
    req.on('error', reject);
  });
}
