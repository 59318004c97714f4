/** A replica wrote for a cluster whose lease it no longer holds: nothing was written. */
export class LeaseLostError extends Error {
  readonly name = 'LeaseLostError';
  constructor(clusterId: string, owner: string) {
    super(
      `Replica ${owner} no longer holds the lease on cluster ${clusterId}; nothing was written`,
    );
  }
}
