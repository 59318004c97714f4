/* eslint-disable no-console */
/**
 * Pre-flight benchmark: the checks a request gets before anything is created
 * (`POST /api/complete-clusters/preflight`), for each example template,
 * through the portal's backend (catalog, the complete-clusters plugin and its
 * Azure SDK clients, paced as shipped) against the emulator. Prints, per
 * template, the ARM reads one request's checks make, the checks' own time
 * (the answer's `durationMs`) and the HTTP round trip, median and worst.
 *
 * Run: ./portal yarn bench:preflight   (options: BENCH_PREFLIGHT_RUNS (21))
 */
import os from 'os';
import request from 'supertest';
import type { PreflightResult } from '@complete-clusters/plugin-complete-clusters-common';
import { startPortalBackend, startTrustedEmulator } from './portalBackend';

const RUNS = Number(process.env.BENCH_PREFLIGHT_RUNS ?? 21);

/** Answers a consumer of each example template may give (the production template asks none but the name). */
const TEMPLATES: Array<{ name: string; parameters: Record<string, unknown> }> =
  [
    { name: 'developer', parameters: {} },
    { name: 'testing', parameters: {} },
    { name: 'production', parameters: {} },
  ];

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)],
    max: sorted[sorted.length - 1],
  };
}

async function main() {
  const emulator = await startTrustedEmulator({ operationDurationMs: 100 });
  const portal = await startPortalBackend(emulator);
  const as = portal.asUser('user:default/alice');
  console.log(
    `Pre-flight, ${RUNS} requests per template, load average ${os
      .loadavg()
      .map(l => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  console.log('template    ARM reads  checks median (max)  round trip median');
  try {
    for (const template of TEMPLATES) {
      const durations: number[] = [];
      const roundTrips: number[] = [];
      const reads = new Set<number>();
      let verdict = '';
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        const res = await request(portal.backend.server)
          .post('/api/complete-clusters/preflight')
          .set('Authorization', as)
          .send({
            templateRef: `clustertemplate:default/${template.name}`,
            name: `bench-${template.name}-${i}`,
            parameters: template.parameters,
          });
        roundTrips.push(performance.now() - started);
        if (res.status !== 200)
          throw new Error(
            `${template.name}: ${res.status} ${JSON.stringify(res.body)}`,
          );
        const result = res.body as PreflightResult;
        durations.push(result.durationMs);
        reads.add(result.armReads);
        const failing = result.checks.filter(c => c.status !== 'pass');
        verdict = `${result.checks.length - failing.length} of ${
          result.checks.length
        } checks pass${
          failing.length
            ? `; not: ${failing.map(c => `${c.id} ${c.status}`).join(', ')}`
            : ''
        }`;
      }
      const checks = stats(durations);
      const trip = stats(roundTrips);
      console.log(
        `${template.name.padEnd(11)} ${[...reads]
          .join('/')
          .padEnd(10)} ${`${checks.median.toFixed(0)} ms (${checks.max.toFixed(
          0,
        )} ms)`.padEnd(20)} ${trip.median.toFixed(0)} ms   (${verdict})`,
      );
    }
  } finally {
    await portal.stop();
    await emulator.close();
  }
}

main()
  .then(
    // The backend's scheduler leaves timers behind; the figures are out.
    () => process.exit(0),
  )
  .catch(e => {
    console.error(e);
    process.exit(1);
  });
