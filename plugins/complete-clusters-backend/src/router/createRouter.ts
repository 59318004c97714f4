import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { ClusterService } from '../service/ClusterService';

/**
 * The HTTP API: POST /clusters, POST /clusters/plan, GET /clusters[?owner=me],
 * GET /clusters/:name. Requests come from signed-in users (directly or through
 * the Scaffolder on their behalf); reads also from other backend plugins.
 */
export function createRouter(options: { service: ClusterService; httpAuth: HttpAuthService }): express.Router {
  const { service, httpAuth } = options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  router.post('/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const result = await service.requestCluster(req.body, credentials);
    res.status(result.created ? 201 : 200).json(result);
  });

  router.post('/clusters/plan', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    res.json(await service.planCluster(req.body, credentials));
  });

  router.get('/clusters', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const items = await service.listClusters(credentials, req.query.owner === 'me');
    res.json({ items });
  });

  router.get('/clusters/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await service.getCluster(req.params.name, credentials));
  });

  return router;
}
