export { RolloutControl } from './RolloutControl';
export { useOwnership } from './useOwnership';
