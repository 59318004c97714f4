import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import completeClustersPlugin from '@complete-clusters/plugin-complete-clusters/alpha';
import { homeModule } from './modules/home';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';

export default createApp({
  features: [
    catalogPlugin,
    completeClustersPlugin,
    homeModule,
    navModule,
    signInModule,
  ],
});
