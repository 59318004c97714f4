import type { Config } from '@backstage/config';
import {
  BucketLimit,
  PacingBucket,
  PUBLISHED_LIMITS,
} from '../azure/pacing/pacingBuckets';
import { configError } from './readCompleteClustersConfig';

/** How the portal paces its requests to each subscription. */
export interface PacingSettings {
  /** false: requests go unpaced, only Azure's 429s slow them. */
  enabled: boolean;
  limits: Record<PacingBucket, BucketLimit>;
  /** A wait up to this long is waited inside the request; a longer one hands the step back. */
  maxInlineWaitMs: number;
}

const KEY = 'completeClusters.azure.pacing';

/**
 * Reads `completeClusters.azure.pacing`: on by default, at the limits Azure
 * publishes; each bucket's `capacity` and `refillPerSecond` may be lowered
 * (another tool shares the subscription) or raised (Azure raised them).
 */
export function readPacingSettings(config: Config): PacingSettings {
  const pacing = config.getOptionalConfig(KEY);
  const positive = (
    key: string,
    value: number | undefined,
    fallback: number,
  ) => {
    const n = value ?? fallback;
    if (!Number.isFinite(n) || n <= 0)
      throw configError(
        `${KEY}.${key}`,
        `${n} is not a positive number`,
        'give a number above 0, or leave it out for Azure’s published limit',
      );
    return n;
  };
  const limits = Object.fromEntries(
    (Object.keys(PUBLISHED_LIMITS) as PacingBucket[]).map(bucket => {
      const given = pacing?.getOptionalConfig(bucket);
      const published = PUBLISHED_LIMITS[bucket];
      const capacity = positive(
        `${bucket}.capacity`,
        given?.getOptionalNumber('capacity'),
        published.capacity,
      );
      if (capacity < 1)
        throw configError(
          `${KEY}.${bucket}.capacity`,
          `${capacity} lets no request through`,
          'give at least 1',
        );
      return [
        bucket,
        {
          capacity,
          refillPerSecond: positive(
            `${bucket}.refillPerSecond`,
            given?.getOptionalNumber('refillPerSecond'),
            published.refillPerSecond,
          ),
        },
      ];
    }),
  ) as Record<PacingBucket, BucketLimit>;
  return {
    enabled: pacing?.getOptionalBoolean('enabled') ?? true,
    limits,
    maxInlineWaitMs: positive(
      'maxInlineWaitMs',
      pacing?.getOptionalNumber('maxInlineWaitMs'),
      5000,
    ),
  };
}
