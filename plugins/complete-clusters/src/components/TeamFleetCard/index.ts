export { TeamFleetCard } from './TeamFleetCard';
export type { TeamFleetCardProps } from './TeamFleetCard';
