/** Small fetch helpers for tests against an http-mode emulator. */
import { emulatorAccessToken } from '../auth/accessToken';

export const SUB = '00000000-0000-0000-0000-000000000000';
export const API = 'api-version=2025-10-01';

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${emulatorAccessToken()}`,
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

export function rgPath(rg: string, sub = SUB) {
  return `/subscriptions/${sub}/resourcegroups/${rg}`;
}

export function clusterPath(rg: string, name: string, sub = SUB) {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** Polls an Azure-AsyncOperation URL until it leaves InProgress. */
export async function waitForOperation(
  base: string,
  asyncUrl: string,
): Promise<any> {
  const path = asyncUrl.slice(new URL(asyncUrl).origin.length);
  for (let i = 0; i < 200; i++) {
    const r = await call(base, 'GET', path);
    if (r.body.status !== 'InProgress') return r.body;
    await new Promise(res => setTimeout(res, 10));
  }
  throw new Error('operation did not finish');
}
