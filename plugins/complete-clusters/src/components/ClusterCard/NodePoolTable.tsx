import { Table, TableBody, TableCell, TableHead, TableRow } from '@material-ui/core';
import type { Cluster } from '@complete-clusters/plugin-complete-clusters-common';

/** The cluster's node pools as requested: name, mode, VM size and size. */
export function NodePoolTable({ nodePools }: { nodePools: Cluster['nodePools'] }) {
  return (
    <Table size="small" aria-label="Node pools">
      <TableHead>
        <TableRow>
          <TableCell>Pool</TableCell>
          <TableCell>Mode</TableCell>
          <TableCell>VM size</TableCell>
          <TableCell>Size</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {nodePools.map(pool => (
          <TableRow key={pool.name}>
            <TableCell component="th" scope="row">
              {pool.name}
            </TableCell>
            <TableCell>{pool.mode}</TableCell>
            <TableCell>{pool.vmSize}</TableCell>
            <TableCell>{pool.size}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
