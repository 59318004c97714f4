import {
  Chip,
  Card,
  CardActions,
  CardContent,
  CardHeader,
  Divider,
  List,
  ListItem,
  ListItemText,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { LinkButton } from '@backstage/core-components';
import { RolloutControl } from '../Rollout';
import { TemplateCost } from './TemplateCost';
import {
  ClusterTemplateEntity,
  describePolicies,
  describePoolSize,
  isGpuVmSize,
} from '@complete-clusters/plugin-complete-clusters-common';

const useStyles = makeStyles(theme => ({
  card: { height: '100%', display: 'flex', flexDirection: 'column' },
  content: { flexGrow: 1 },
  section: { marginTop: theme.spacing(1.5) },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  dense: { paddingTop: 0, paddingBottom: 0 },
  // Backstage's theme cuts dense list items to one line with an ellipsis: a policy is read whole, wrapped at its spaces.
  wrapped: { whiteSpace: 'normal' },
}));

/** Props of {@link TemplateCard}. */
export interface TemplateCardProps {
  template: ClusterTemplateEntity;
  /** Link to the template's Scaffolder form; no Create button when absent. */
  createHref?: string;
  /** Whether the signed-in user belongs to the template's owners, who may roll it out. */
  owned?: boolean;
}

/**
 * One complete-cluster template at a glance: infrastructure, applications,
 * policies, owner and version, with a Create button.
 */
export function TemplateCard({
  template,
  createHref,
  owned,
}: TemplateCardProps) {
  const classes = useStyles();
  const { metadata, spec } = template;
  const title = metadata.title ?? metadata.name;
  return (
    <Card
      className={classes.card}
      data-testid={`template-card-${metadata.name}`}
      component="article"
      aria-label={title}
    >
      <CardHeader
        title={title}
        subheader={`${spec.environment} · ${spec.infrastructure.location} · Kubernetes ${spec.infrastructure.kubernetesVersion}`}
        action={<Chip size="small" label={`v${spec.version}`} />}
      />
      <CardContent className={classes.content}>
        {metadata.description && (
          <Typography variant="body2">{metadata.description}</Typography>
        )}
        <TemplateCost namespace={metadata.namespace} name={metadata.name} />

        <Typography variant="subtitle2" className={classes.section}>
          Node pools
        </Typography>
        <List dense disablePadding>
          {spec.infrastructure.nodePools.map(pool => (
            <ListItem key={pool.name} className={classes.dense} disableGutters>
              <ListItemText
                primary={
                  <span className={classes.chips}>
                    <strong>{pool.name}</strong>
                    <span>{pool.vmSize}</span>
                    {isGpuVmSize(pool.vmSize) && (
                      <Chip size="small" color="primary" label="GPU" />
                    )}
                  </span>
                }
                secondary={`${pool.mode} · ${describePoolSize(pool)}`}
              />
            </ListItem>
          ))}
        </List>

        <Typography variant="subtitle2" className={classes.section}>
          Applications
        </Typography>
        <div className={classes.chips}>
          {spec.applications.length === 0 && (
            <Typography variant="body2">None</Typography>
          )}
          {spec.applications.map(app => (
            <Chip
              key={app.name}
              size="small"
              variant="outlined"
              label={`${app.name} ${app.version}`}
            />
          ))}
        </div>

        <Typography variant="subtitle2" className={classes.section}>
          Policies
        </Typography>
        <List dense disablePadding>
          {describePolicies(spec).map(phrase => (
            <ListItem key={phrase} className={classes.dense} disableGutters>
              <ListItemText primary={phrase} className={classes.wrapped} />
            </ListItem>
          ))}
        </List>

        <Typography variant="body2" className={classes.section}>
          Owner: <EntityRefLink entityRef={spec.owner} defaultKind="group" />
          {spec.approval?.required && (
            <>
              {' · '}Needs approval by{' '}
              <EntityRefLink
                entityRef={spec.approval.approvers ?? spec.owner}
                defaultKind="group"
              />
            </>
          )}
        </Typography>
        {(spec.parameters?.length ?? 0) > 0 ? (
          <Typography variant="caption">
            You choose: {spec.parameters!.map(p => p.title).join(', ')}
          </Typography>
        ) : (
          <Typography variant="caption">
            Everything but the name is set by the template
          </Typography>
        )}
      </CardContent>
      <Divider />
      <CardActions>
        {createHref ? (
          <LinkButton
            color="primary"
            variant="contained"
            to={createHref}
            aria-label={`Create ${title}`}
          >
            Create
          </LinkButton>
        ) : (
          <Typography variant="caption">
            The Scaffolder is not installed in this portal
          </Typography>
        )}
        {owned && (
          <LinkButton
            variant="outlined"
            to={`fleet?templateRef=${encodeURIComponent(
              stringifyEntityRef(template),
            )}`}
            aria-label={`Fleet of ${title}`}
          >
            Fleet
          </LinkButton>
        )}
        {owned && (
          <RolloutControl
            template={template}
            templateRef={stringifyEntityRef(template)}
          />
        )}
      </CardActions>
    </Card>
  );
}
