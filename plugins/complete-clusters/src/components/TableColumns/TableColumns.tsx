import type { CSSProperties, ReactNode } from 'react';
import { OverflowTooltip, TableColumn, TableOptions } from '@backstage/core-components';

/**
 * A column of identifiers, phases, versions or times: each cell on one line,
 * never broken inside a word, and the column only as wide as its widest cell,
 * so the free-text columns get the rest of the row.
 */
export function oneLineColumn<T extends object>(column: TableColumn<T>): TableColumn<T> {
  return {
    width: '1%',
    ...column,
    cellStyle: { whiteSpace: 'nowrap', ...(column.cellStyle as CSSProperties | undefined) },
    headerStyle: { whiteSpace: 'nowrap', ...column.headerStyle },
  };
}

/**
 * A column of free text (a status, a description): it takes the width the
 * one-line columns leave and wraps between words. `minWidth` keeps it
 * readable when the row is narrow.
 */
export function freeTextColumn<T extends object>(column: TableColumn<T>, minWidth = 200): TableColumn<T> {
  return {
    ...column,
    cellStyle: { minWidth, ...(column.cellStyle as CSSProperties | undefined) },
    headerStyle: { whiteSpace: 'nowrap', ...column.headerStyle },
  };
}

/**
 * Options of a small table inside a page or card: every row shown, no
 * toolbar (the section's heading names it), dense rows, no sorting.
 */
export const compactTableOptions: TableOptions = {
  paging: false,
  search: false,
  toolbar: false,
  sorting: false,
  draggable: false,
  padding: 'dense',
};

/**
 * The table's frame inside a card or a bordered panel: no second card (the
 * Backstage table draws a raised Paper by default).
 */
export const framelessTable = {
  Container: (props: { children?: ReactNode; style?: CSSProperties }) => <div style={props.style}>{props.children}</div>,
};

/**
 * Free text cut to `lines` lines with an ellipsis; the whole text shows on
 * hover (Backstage's OverflowTooltip).
 */
export function LongText({ text, lines = 2 }: { text?: string; lines?: number }) {
  if (!text) return null;
  return <OverflowTooltip text={text} line={lines} />;
}
