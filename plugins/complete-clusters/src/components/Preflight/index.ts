export {
  PreflightChecks,
  PreflightSummary,
  preflightSummary,
} from './PreflightChecks';
export { PreflightPanel } from './PreflightPanel';
export { usePreflight, PREFLIGHT_DEBOUNCE_MS } from './usePreflight';
