import { createDefaultHttpClient, HttpClient } from '@azure/core-rest-pipeline';

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

/** A URL without its query: the same resource or status, whatever the api-version. */
function pathOf(url: string): string {
  return new URL(url).pathname.replace(/\/+$/, '').toLowerCase();
}

function json(text: string | undefined): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** What the counting transport saw. */
export interface ReadCounts {
  /** Every GET sent. */
  reads: number;
  /**
   * GETs that told the client something about an operation it had started
   * and not yet seen end: a read of the operation's status, or a read of the
   * resource while its operation ran, up to and including the read that
   * found it ended.
   */
  looks: number;
  /** Of the looks, reads of operation status URLs. */
  statusLooks: number;
}

/**
 * An HTTP transport for the Azure SDK that classifies the reads the portal
 * sends: a look at an operation in flight (its status, or its resource until
 * it is seen to end), or any other read (the finished resource read again
 * after the status said it ended, a resource read for its own sake). ARM
 * reads per look is then the cost of one poll: 1 when every poll is one read.
 */
export function countingTransport(): {
  httpClient: HttpClient;
  counts: ReadCounts;
} {
  const inner = createDefaultHttpClient();
  const counts: ReadCounts = { reads: 0, looks: 0, statusLooks: 0 };
  /** Resources with an operation the client started and has not seen end. */
  const inFlight = new Set<string>();
  /** Status URLs of those operations, to their resource. */
  const statusOf = new Map<string, string>();
  const httpClient: HttpClient = {
    async sendRequest(request) {
      const response = await inner.sendRequest(request);
      const path = pathOf(request.url);
      const method = request.method.toUpperCase();
      if (method === 'PUT' || method === 'DELETE' || method === 'PATCH') {
        const status = [
          response.headers.get('azure-asyncoperation'),
          response.headers.get('location'),
        ].filter((u): u is string => !!u);
        if (status.length > 0 && response.status < 300) {
          inFlight.add(path);
          for (const url of status) statusOf.set(pathOf(url), path);
        }
        return response;
      }
      if (method !== 'GET') return response;
      counts.reads++;
      const body = json(response.bodyAsText ?? undefined);
      const resource = statusOf.get(path);
      if (resource !== undefined) {
        if (!inFlight.has(resource)) return response;
        counts.looks++;
        counts.statusLooks++;
        // Azure-AsyncOperation answers with a status; a Location URL answers 202 until the operation ends.
        const ended =
          body?.status !== undefined
            ? TERMINAL.has(String(body.status).toLowerCase())
            : response.status !== 202 && response.status < 300;
        if (ended) inFlight.delete(resource);
        return response;
      }
      if (inFlight.has(path)) {
        counts.looks++;
        const state = String(body?.properties?.provisioningState ?? '');
        if (response.status === 404 || TERMINAL.has(state.toLowerCase()))
          inFlight.delete(path);
      }
      return response;
    },
  };
  return { httpClient, counts };
}
