import { Typography } from '@material-ui/core';

/** What the backend said when an action failed: its words name the field and the fix. */
export function ActionError({ message }: { message: string }) {
  return (
    <Typography
      role="alert"
      color="error"
      variant="body2"
      style={{ marginTop: 8, whiteSpace: 'pre-line' }}
    >
      {message}
    </Typography>
  );
}
