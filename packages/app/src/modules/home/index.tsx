import {
  createFrontendModule,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';

/** `/` opens the Clusters page instead of a 404. */
const homePage = PageBlueprint.make({
  name: 'home',
  params: {
    path: '/',
    loader: () => import('./HomeRedirect').then(m => <m.HomeRedirect />),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'app',
  extensions: [homePage],
});
