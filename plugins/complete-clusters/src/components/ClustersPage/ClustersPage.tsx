import { Content, ContentHeader, Header, Page, SupportButton } from '@backstage/core-components';
import { Approvals } from '../Approvals';
import { MyClusters } from '../MyClusters';
import { TemplateGallery, TemplateGalleryProps } from '../TemplateGallery';

/** Props of {@link ClustersPage}. */
export type ClustersPageProps = TemplateGalleryProps;

/**
 * The Clusters page: pick a complete-cluster template and create a cluster
 * from it, then watch your clusters being built below.
 */
export function ClustersPage({ createHref }: ClustersPageProps) {
  return (
    <Page themeId="tool">
      <Header title="Complete clusters" subtitle="Kubernetes on Azure with its applications and policies, in one request" />
      <Content>
        <ContentHeader title="Templates">
          <SupportButton>
            Each template is kept by a platform team in the catalog. Create opens its form: you name the cluster and
            set only what the template lets you choose.
          </SupportButton>
        </ContentHeader>
        <TemplateGallery createHref={createHref} />
        <Approvals />
        <MyClusters />
      </Content>
    </Page>
  );
}
