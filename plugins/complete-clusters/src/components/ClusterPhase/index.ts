export { ClusterPhase, isSettledPhase } from './ClusterPhase';
