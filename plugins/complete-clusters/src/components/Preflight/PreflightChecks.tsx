import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  makeStyles,
  Typography,
} from '@material-ui/core';
import CheckIcon from '@material-ui/icons/CheckCircleOutline';
import FailIcon from '@material-ui/icons/HighlightOff';
import UnknownIcon from '@material-ui/icons/HelpOutline';
import type {
  PreflightCheck,
  PreflightResult,
} from '@complete-clusters/plugin-complete-clusters-common';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    marginBottom: theme.spacing(1),
  },
  pass: { color: theme.palette.success.main },
  fail: { color: theme.palette.error.main },
  unknown: { color: theme.palette.text.secondary },
  fix: { fontWeight: 500 },
  // In a table cell beside the requester: as small as the cell's other line, in sentence case.
  summary: {
    textTransform: 'none',
    padding: 0,
    minWidth: 0,
    fontSize: theme.typography.caption.fontSize,
  },
}));

const ICONS = { pass: CheckIcon, fail: FailIcon, unknown: UnknownIcon };
const STATUS_WORDS = {
  pass: 'passes',
  fail: 'fails',
  unknown: 'could not be checked',
};

/** One sentence for a whole result, e.g. "Pre-flight: 1 of 7 checks fails". */
export function preflightSummary(result: PreflightResult): string {
  const failed = result.checks.filter(c => c.status === 'fail').length;
  const unknown = result.checks.filter(c => c.status === 'unknown').length;
  const total = result.checks.length;
  if (failed > 0)
    return `Pre-flight: ${failed} of ${total} checks ${
      failed === 1 ? 'fails' : 'fail'
    }`;
  if (unknown > 0)
    return `Pre-flight: ${unknown} of ${total} checks could not be made`;
  return `Pre-flight: all ${total} checks pass`;
}

/** The checks of a request against Azure, failures first, each with its figures and fix. */
export function PreflightChecks(props: { result: PreflightResult }) {
  const classes = useStyles();
  const order = { fail: 0, unknown: 1, pass: 2 };
  const checks = [...props.result.checks].sort(
    (a, b) => order[a.status] - order[b.status],
  );
  return (
    <ul
      className={classes.list}
      aria-label={`Pre-flight checks in ${props.result.location}`}
    >
      {checks.map((check: PreflightCheck) => {
        const Icon = ICONS[check.status];
        return (
          <li
            key={check.id}
            className={classes.item}
            aria-label={`${check.title}: ${STATUS_WORDS[check.status]}`}
          >
            <Icon
              fontSize="small"
              className={classes[check.status]}
              aria-hidden
            />
            <div>
              <Typography variant="body2">{check.title}</Typography>
              <Typography variant="body2" color="textSecondary">
                {check.detail}
              </Typography>
              {check.fix && (
                <Typography variant="body2" className={classes.fix}>
                  Fix: {check.fix}
                </Typography>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** The summary in a few words, for a table cell: "Checks: all 7 pass", "Checks: 1 of 7 fail". */
export function preflightShortSummary(result: PreflightResult): string {
  const failed = result.checks.filter(c => c.status === 'fail').length;
  const unknown = result.checks.filter(c => c.status === 'unknown').length;
  const total = result.checks.length;
  if (failed > 0) return `Checks: ${failed} of ${total} fail`;
  if (unknown > 0) return `Checks: ${unknown} of ${total} unknown`;
  return `Checks: all ${total} pass`;
}

/** A one-line summary that opens the checks in a dialog: for a table cell (the approver's list). */
export function PreflightSummary(props: {
  result: PreflightResult;
  name: string;
}) {
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const summary = preflightSummary(props.result);
  return (
    <>
      <Button
        className={classes.summary}
        size="small"
        color={props.result.ok ? 'default' : 'secondary'}
        aria-label={`${summary} for ${props.name}`}
        onClick={() => setOpen(true)}
      >
        {preflightShortSummary(props.result)}
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        aria-labelledby={`preflight-${props.name}`}
        maxWidth="md"
      >
        <DialogTitle id={`preflight-${props.name}`}>
          Pre-flight checks of {props.name} in {props.result.location}
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" color="textSecondary" paragraph>
            Checked in Azure{' '}
            <time dateTime={props.result.checkedAt}>
              {props.result.checkedAt}
            </time>
            , with every node pool at its maximum.
          </Typography>
          <PreflightChecks result={props.result} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
