import type {
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import type { DayTwoService } from '../service/DayTwoService';
import type { ClusterService } from '../service/ClusterService';
import type { OwnershipTransfer } from '../service/ownership/OwnershipTransfer';
import type { ClusterRebuild } from '../service/rebuild/ClusterRebuild';
import type { RolloutService } from '../service/rollouts/RolloutService';
import type { TemplatePlanService } from '../service/templatePlan/TemplatePlanService';
import { fleetCsv, FleetService } from '../service/fleet/FleetService';
import type { TemplateHistoryService } from '../service/templateHistory/TemplateHistoryService';
import type { CostService } from '../service/cost/CostService';
import { readClusterListQuery } from './clusterListQuery';
import { errorHandler } from './errorHandler';

/**
 * The HTTP API. Requests and actions come from signed-in users (directly or
 * through the Scaffolder on their behalf); reads also from other backend plugins.
 *
 *   POST /clusters                     request a cluster (idempotent by name)
 *   POST /clusters/plan                what a request would send to Azure
 *   POST /preflight                    check a request against Azure first (VM sizes, vCPU quota at the worst case, Kubernetes version, name)
 *   GET  /clusters[?owner=me]          clusters
 *   GET  /clusters/:name[?events=N&before=cursor]
 *                                      the cluster of that name now, its latest events, components, update, allowed actions
 *   GET  /clusters/:name/history       every cluster that ever had the name (deleted ones too), with all their events
 *   POST /clusters/:name/decision      approve or reject, with a reason
 *   POST /clusters/:name/update        bring it to its template's current version
 *   POST /clusters/:name/scale         resize node pools within the template's bounds
 *   POST /clusters/:name/retry         resume a Failed cluster where it failed
 *   POST /clusters/:name/owner         hand it over to one of the caller's groups or the caller ({ owner })
 *   POST /clusters/:name/rebuild       rebuild it in another region its template allows ({ region, reason? })
 *   POST /clusters/:name/rebuild/confirm
 *                                      delete the cluster a Ready rebuild replaced
 *   POST /clusters/:name/delete        delete it ({ confirm: name })
 *   GET  /approvals                    requests waiting for the caller's approval
 *   POST /rollouts, GET /rollouts      roll templates' versions out (one, or several: a platform release); rollouts
 *   POST /templates/plan               what a proposed template version would do to its clusters
 *   GET  /fleet[?templateOwner=...&phase=...&sort=...&limit=...&offset=...]
 *                                      the clusters of the caller's teams' templates, one page, with counts
 *   GET  /fleet.csv[?same filters]     the same, every matching cluster, as CSV
 *   GET  /templates/:namespace/:name/history
 *                                      a ClusterTemplate's versions, newest first, with what each changed
 *   GET  /templates/:namespace/:name/cost
 *                                      a ClusterTemplate's monthly cost with its defaults, at minimum size and worst case
 *   GET  /clusters/:name/cost          a cluster's monthly cost now, at the node counts Azure reports, and at its worst case
 */
export function createRouter(options: {
  service: ClusterService;
  actions: DayTwoService;
  rollouts: RolloutService;
  templatePlans: TemplatePlanService;
  fleet: FleetService;
  templateHistory: TemplateHistoryService;
  ownership: OwnershipTransfer;
  rebuild: ClusterRebuild;
  cost?: CostService;
  httpAuth: HttpAuthService;
  logger: LoggerService;
}): express.Router {
  const {
    service,
    actions,
    rollouts,
    templatePlans,
    fleet,
    templateHistory,
    cost,
    httpAuth,
    logger,
  } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));
  const asUser = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user'] });
  const asAnyone = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.post('/clusters', async (req, res) => {
    const result = await service.requestCluster(req.body, await asUser(req));
    res.status(result.created ? 201 : 200).json(result);
  });

  router.post('/clusters/plan', async (req, res) => {
    res.json(await service.planCluster(req.body, await asUser(req)));
  });

  router.post('/preflight', async (req, res) => {
    res.json(await service.preflight.check(req.body, await asUser(req)));
  });

  router.get('/clusters', async (req, res) => {
    // Paged (limit, cursor) and filtered (owner, template, phase, changedSince) in the database.
    const query = readClusterListQuery(req.query);
    res.json(await service.listClusters(await asAnyone(req), query));
  });

  router.get('/clusters/:name', async (req, res) => {
    res.json(
      await service.getCluster(req.params.name, await asAnyone(req), {
        events: req.query.events,
        before: req.query.before,
      }),
    );
  });

  router.get('/clusters/:name/history', async (req, res) => {
    res.json(await service.getHistory(req.params.name, await asAnyone(req)));
  });

  router.post('/clusters/:name/decision', async (req, res) => {
    res.json(
      await actions.decide(req.params.name, req.body, await asUser(req)),
    );
  });

  router.post('/clusters/:name/update', async (req, res) => {
    res.json(
      await actions.update(req.params.name, req.body, await asUser(req)),
    );
  });

  router.post('/clusters/:name/scale', async (req, res) => {
    res.json(await actions.scale(req.params.name, req.body, await asUser(req)));
  });

  router.post('/clusters/:name/retry', async (req, res) => {
    res.json(await actions.retry(req.params.name, await asUser(req)));
  });

  router.post('/clusters/:name/owner', async (req, res) => {
    res.json(
      await options.ownership.transfer(
        req.params.name,
        req.body,
        await asUser(req),
      ),
    );
  });

  router.post('/clusters/:name/rebuild', async (req, res) => {
    res
      .status(202)
      .json(
        await options.rebuild.rebuild(
          req.params.name,
          req.body,
          await asUser(req),
        ),
      );
  });

  router.post('/clusters/:name/rebuild/confirm', async (req, res) => {
    res
      .status(202)
      .json(await options.rebuild.confirm(req.params.name, await asUser(req)));
  });

  router.post('/clusters/:name/delete', async (req, res) => {
    res
      .status(202)
      .json(await actions.delete(req.params.name, req.body, await asUser(req)));
  });

  router.get('/approvals', async (req, res) => {
    res.json({ items: await service.listApprovals(await asUser(req)) });
  });

  router.post('/rollouts', async (req, res) => {
    res.status(201).json(await rollouts.start(req.body, await asUser(req)));
  });

  router.get('/rollouts', async (req, res) => {
    res.json({ items: await rollouts.list(req.query, await asAnyone(req)) });
  });

  router.post('/templates/plan', async (req, res) => {
    res.json(await templatePlans.plan(req.body, await asAnyone(req)));
  });

  router.get('/fleet', async (req, res) => {
    res.json(await fleet.list(req.query, await asUser(req)));
  });

  router.get('/fleet.csv', async (req, res) => {
    const csv = fleetCsv(
      await fleet.list(req.query, await asUser(req), { csv: true }),
    );
    res.type('text/csv').attachment('fleet.csv').send(csv);
  });

  router.get('/templates/:namespace/:name/history', async (req, res) => {
    res.json(
      await templateHistory.get(
        req.params.namespace,
        req.params.name,
        await asAnyone(req),
      ),
    );
  });

  router.get('/templates/:namespace/:name/cost', async (req, res) => {
    if (!cost) throw new NotFoundError('Cost estimates are not configured.');
    res.json(
      await cost.forTemplate(
        req.params.namespace,
        req.params.name,
        await asAnyone(req),
      ),
    );
  });

  router.get('/clusters/:name/cost', async (req, res) => {
    if (!cost) throw new NotFoundError('Cost estimates are not configured.');
    res.json(await cost.forCluster(req.params.name, await asAnyone(req)));
  });

  // Every error of the routes above (and of the JSON body parser) is answered here, without stack traces.
  router.use(errorHandler(logger));
  return router;
}
