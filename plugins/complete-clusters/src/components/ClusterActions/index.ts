export { ActionError } from './ActionError';
export { ClusterActionsBar } from './ClusterActionsBar';
export { DecisionDialog } from './DecisionDialog';
export { DriftPanel } from './DriftPanel';
export { UpdatePanel } from './UpdatePanel';
export { useAction, errorText } from './useAction';
