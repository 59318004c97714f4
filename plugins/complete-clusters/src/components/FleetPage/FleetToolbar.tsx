import {
  Box,
  Button,
  FormControl,
  InputLabel,
  MenuItem,
  Select,
} from '@material-ui/core';
import {
  CLUSTER_PHASES,
  ENVIRONMENTS,
} from '@complete-clusters/plugin-complete-clusters-common';
import type { FleetTemplate } from '@complete-clusters/plugin-complete-clusters-common';
import type { FleetFilters } from './fleetFilters';

/** Props of {@link FleetToolbar}. */
export interface FleetToolbarProps {
  filters: FleetFilters;
  templates: FleetTemplate[];
  onChange: (filters: FleetFilters) => void;
  onExport: () => void;
  exporting: boolean;
}

const ANY = '';

function Choice(props: {
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange: (value: string) => void;
}) {
  const id = `fleet-filter-${props.label.toLowerCase().replace(/\W+/g, '-')}`;
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 160 }}>
      <InputLabel id={id}>{props.label}</InputLabel>
      <Select
        labelId={id}
        label={props.label}
        value={props.value}
        onChange={e => props.onChange(String(e.target.value))}
      >
        <MenuItem value={ANY}>Any</MenuItem>
        {props.options.map(([value, text]) => (
          <MenuItem key={value} value={value}>
            {text}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

const yesNo = (value: boolean | undefined) =>
  value === undefined ? ANY : String(value);
const fromYesNo = (value: string) =>
  value === ANY ? undefined : value === 'true';

/** The fleet's filters (the server applies them) and the CSV export of what they select. */
export function FleetToolbar({
  filters,
  templates,
  onChange,
  onExport,
  exporting,
}: FleetToolbarProps) {
  const set = (patch: FleetFilters) => onChange({ ...filters, ...patch });
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 12 }}
      mb={2}
    >
      <Choice
        label="Template"
        value={filters.templateRef ?? ANY}
        options={templates.map(t => [t.templateRef, t.title])}
        onChange={v => set({ templateRef: v || undefined })}
      />
      <Choice
        label="Phase"
        value={filters.phase ?? ANY}
        options={CLUSTER_PHASES.filter(p => p !== 'Deleted').map(p => [p, p])}
        onChange={v =>
          set({ phase: (v || undefined) as FleetFilters['phase'] })
        }
      />
      <Choice
        label="Environment"
        value={filters.environment ?? ANY}
        options={ENVIRONMENTS.map(e => [e, e])}
        onChange={v => set({ environment: v || undefined })}
      />
      <Choice
        label="Drift"
        value={yesNo(filters.drift)}
        options={[
          ['true', 'Drifted'],
          ['false', 'No drift'],
        ]}
        onChange={v => set({ drift: fromYesNo(v) })}
      />
      <Choice
        label="Update"
        value={yesNo(filters.updateAvailable)}
        options={[
          ['true', 'Update available'],
          ['false', 'Up to date'],
        ]}
        onChange={v => set({ updateAvailable: fromYesNo(v) })}
      />
      <Button variant="outlined" onClick={onExport} disabled={exporting}>
        {exporting ? 'Exporting…' : 'Export CSV'}
      </Button>
    </Box>
  );
}
