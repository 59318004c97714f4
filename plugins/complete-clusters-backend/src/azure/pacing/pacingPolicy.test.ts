import {
  createHttpHeaders,
  createPipelineRequest,
} from '@azure/core-rest-pipeline';
import { describeAzureError } from '../describeAzureError';
import { PacedError, pacingPolicy } from './pacingPolicy';
import type { SubscriptionPacer } from './SubscriptionPacer';

const URL_OF_A_READ =
  'https://management.azure.com/subscriptions/00000000-0000-0000-0000-0000000000c1/resourceGroups/rg-a';

/** A pacer that answers the waits given, in turn. */
function pacerAnswering(...waits: number[]) {
  const taken: string[][] = [];
  const pacer = {
    take: async (_: string, buckets: string[]) => {
      taken.push(buckets);
      return waits.shift() ?? 0;
    },
  } as unknown as SubscriptionPacer;
  return { pacer, taken };
}

const ok = async (request: any) => ({
  request,
  status: 200,
  headers: createHttpHeaders(),
});

describe('pacingPolicy', () => {
  it('waits a short wait, then sends the request', async () => {
    const { pacer, taken } = pacerAnswering(50, 0);
    const sent = jest.fn(ok);
    const started = Date.now();
    await pacingPolicy(pacer, 1000).sendRequest(
      createPipelineRequest({ url: URL_OF_A_READ, method: 'GET' }),
      sent,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(taken).toEqual([['reads'], ['reads']]);
    expect(sent).toHaveBeenCalledTimes(1);
  });

  it('sends nothing on a long wait, and the engine reads it as a reason to wait, not a failure', async () => {
    const { pacer } = pacerAnswering(8000);
    const sent = jest.fn(ok);
    const error = await pacingPolicy(pacer, 1000)
      .sendRequest(
        createPipelineRequest({ url: URL_OF_A_READ, method: 'GET' }),
        sent,
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(PacedError);
    expect(sent).not.toHaveBeenCalled();
    const failure = describeAzureError(error, 'reading the resource group');
    expect(failure).toMatchObject({
      transient: true,
      throttled: true,
      retryAfterMs: 8000,
    });
    expect(failure.message).toContain('the next token comes in 8 s');
  });

  it('lets requests outside a subscription through untouched', async () => {
    const { pacer, taken } = pacerAnswering();
    const sent = jest.fn(ok);
    await pacingPolicy(pacer, 1000).sendRequest(
      createPipelineRequest({
        url: 'https://prices.azure.com/api/retail/prices',
        method: 'GET',
      }),
      sent,
    );
    expect(taken).toEqual([]);
    expect(sent).toHaveBeenCalledTimes(1);
  });
});
