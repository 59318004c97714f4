export { MyClusters } from './MyClusters';
