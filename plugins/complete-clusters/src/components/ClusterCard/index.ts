export { ClusterCard } from './ClusterCard';
export { isCompleteClusterEntity } from './isCompleteClusterEntity';
