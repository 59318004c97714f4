import { Grid } from '@material-ui/core';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useOwnership } from '../Rollout';
import { TemplateCard } from '../TemplateCard';
import { useClusterTemplates } from './useClusterTemplates';

/** Props of {@link TemplateGallery}. */
export interface TemplateGalleryProps {
  /** Where a template's Create button leads, or undefined when nowhere. */
  createHref: (template: {
    namespace: string;
    name: string;
  }) => string | undefined;
}

/** One card per ClusterTemplate in the catalog, with loading, empty and error states. */
export function TemplateGallery({ createHref }: TemplateGalleryProps) {
  const { value: templates, loading, error, retry } = useClusterTemplates();
  const ownership = useOwnership();
  if (loading) return <Progress />;
  if (error)
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the cluster templates"
        defaultExpanded={false}
      />
    );
  if (!templates || templates.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No complete-cluster templates yet"
        description="A platform team publishes templates as ClusterTemplate entities (YAML in git). Register one in the catalog and it appears here."
        action={
          <>
            <Link to="/catalog-import">Register a ClusterTemplate</Link>
            {' · '}
            <Link to="#" onClick={retry}>
              Reload
            </Link>
          </>
        }
      />
    );
  }
  return (
    <Grid container spacing={3} alignItems="stretch">
      {templates.map(template => (
        <Grid
          item
          xs={12}
          md={6}
          lg={4}
          key={`${template.metadata.namespace}/${template.metadata.name}`}
        >
          <TemplateCard
            template={template}
            createHref={createHref({
              namespace: template.metadata.namespace ?? 'default',
              name: template.metadata.name,
            })}
            owned={ownership?.has(
              template.spec.owner.toLocaleLowerCase('en-US'),
            )}
          />
        </Grid>
      ))}
    </Grid>
  );
}
