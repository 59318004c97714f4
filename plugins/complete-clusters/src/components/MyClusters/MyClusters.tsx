import { makeStyles, Paper, Typography } from '@material-ui/core';
import {
  ContentHeader,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { ClusterTable } from './ClusterTable';
import { useMyClusters } from './useMyClusters';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(4) },
}));

function MyClustersBody() {
  const { value: clusters, loading, error } = useMyClusters();
  if (loading) return <Progress />;
  if (!clusters) {
    return (
      <ResponseErrorPanel
        error={error ?? new Error('No answer')}
        title="Could not load your clusters"
      />
    );
  }
  return (
    <>
      {error && (
        <WarningPanel
          title="Could not refresh your clusters; showing what was last loaded"
          message={error.message}
        />
      )}
      {clusters.length === 0 ? (
        <Typography variant="body1">
          You have no clusters yet. Pick a template above to request one.
        </Typography>
      ) : (
        <Paper>
          <ClusterTable clusters={clusters} />
        </Paper>
      )}
    </>
  );
}

/**
 * The clusters the signed-in user owns, alone or through a group, with each
 * one's phase kept live while it is being built.
 */
export function MyClusters() {
  const classes = useStyles();
  return (
    <section aria-label="My clusters" className={classes.section}>
      <ContentHeader title="My clusters" />
      <MyClustersBody />
    </section>
  );
}
