/** What every dialog of a cluster action takes: whose, whether it shows, the request in flight and the backend's refusal. */
export interface ActionDialogProps {
  /** The cluster's name. */
  name: string;
  open: boolean;
  /** The action's request is in flight: its button is disabled. */
  busy: boolean;
  /** The backend's refusal, in its own words. */
  error?: string;
  onClose: () => void;
}
