import {
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  makeStyles,
  Typography,
} from '@material-ui/core';
import ErrorIcon from '@material-ui/icons/ErrorOutline';
import InfoIcon from '@material-ui/icons/InfoOutlined';
import WarningIcon from '@material-ui/icons/ReportProblemOutlined';
import type { ClusterEventItem } from '@complete-clusters/plugin-complete-clusters-common';
import { Timestamp } from '../Timestamp';

const useStyles = makeStyles(theme => ({
  icon: { minWidth: theme.spacing(4) },
  info: { color: theme.palette.info.main },
  warning: { color: theme.palette.warning.main },
  error: { color: theme.palette.error.main },
  meta: { display: 'flex', gap: theme.spacing(1) },
  // The theme keeps a list item's text on one line and cuts it at the card's
  // edge; messages hold long ids and URLs, so they wrap instead.
  text: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
}));

function LevelIcon({ level }: { level: ClusterEventItem['level'] }) {
  const classes = useStyles();
  switch (level) {
    case 'error':
      return (
        <ErrorIcon
          className={classes.error}
          titleAccess="error"
          fontSize="small"
        />
      );
    case 'warning':
      return (
        <WarningIcon
          className={classes.warning}
          titleAccess="warning"
          fontSize="small"
        />
      );
    default:
      return (
        <InfoIcon
          className={classes.info}
          titleAccess="info"
          fontSize="small"
        />
      );
  }
}

/** A cluster's history, oldest first, as the backend recorded it. */
export function ClusterEvents({ events }: { events: ClusterEventItem[] }) {
  const classes = useStyles();
  if (events.length === 0)
    return <Typography variant="body2">Nothing has happened yet.</Typography>;
  return (
    <List dense disablePadding component="ol" aria-label="Events">
      {events.map(event => (
        <ListItem key={event.id} disableGutters alignItems="flex-start">
          <ListItemIcon className={classes.icon}>
            <LevelIcon level={event.level} />
          </ListItemIcon>
          <ListItemText
            className={classes.text}
            primary={event.message}
            secondary={
              <span className={classes.meta}>
                <Timestamp iso={event.createdAt} />
                <span>{event.phase}</span>
              </span>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
