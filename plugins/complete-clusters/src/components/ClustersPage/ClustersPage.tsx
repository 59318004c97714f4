import { Route, Routes } from 'react-router-dom';
import {
  Content,
  ContentHeader,
  Header,
  LinkButton,
  Page,
  SupportButton,
} from '@backstage/core-components';
import { Approvals } from '../Approvals';
import { FleetPage } from '../FleetPage';
import { MyClusters } from '../MyClusters';
import { TemplateGallery, TemplateGalleryProps } from '../TemplateGallery';

/** Props of {@link ClustersPage}. */
export type ClustersPageProps = TemplateGalleryProps;

/**
 * The Clusters page: pick a complete-cluster template and create a cluster
 * from it, then watch your clusters being built below. Its `fleet` sub-page
 * is the platform team's view of every cluster of their templates.
 */
export function ClustersPage({ createHref }: ClustersPageProps) {
  return (
    <Routes>
      <Route path="/" element={<ClustersOverview createHref={createHref} />} />
      <Route path="/fleet" element={<FleetPage />} />
    </Routes>
  );
}

function ClustersOverview({ createHref }: ClustersPageProps) {
  return (
    <Page themeId="tool">
      <Header
        title="Complete clusters"
        subtitle="Kubernetes on Azure with its applications and policies, in one request"
      >
        <LinkButton to="fleet" variant="outlined" color="inherit">
          Fleet view
        </LinkButton>
      </Header>
      <Content>
        {/* An approver sees what waits for them first, not under the gallery. */}
        <Approvals />
        <ContentHeader title="Templates">
          <SupportButton>
            Each template is kept by a platform team in the catalog. Create
            opens its form: you name the cluster and set only what the template
            lets you choose.
          </SupportButton>
        </ContentHeader>
        <TemplateGallery createHref={createHref} />
        <MyClusters />
      </Content>
    </Page>
  );
}
