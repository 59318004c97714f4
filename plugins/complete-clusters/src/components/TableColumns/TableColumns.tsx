import { CSSProperties, Fragment, ReactNode } from 'react';
import { makeStyles, Tooltip, Typography } from '@material-ui/core';
import { TableColumn, TableOptions } from '@backstage/core-components';

/**
 * A column of identifiers, phases, versions or times: each cell on one line,
 * never broken inside a word, and the column only as wide as its widest cell,
 * so the free-text columns get the rest of the row.
 */
export function oneLineColumn<T extends object>(
  column: TableColumn<T>,
): TableColumn<T> {
  return {
    width: '1%',
    ...column,
    cellStyle: {
      whiteSpace: 'nowrap',
      ...(column.cellStyle as CSSProperties | undefined),
    },
    headerStyle: { whiteSpace: 'nowrap', ...column.headerStyle },
  };
}

/**
 * A column of free text (a status, a description): it takes the width the
 * one-line columns leave and wraps between words. `minWidth` keeps it
 * readable when the row is narrow.
 */
export function freeTextColumn<T extends object>(
  column: TableColumn<T>,
  minWidth = 200,
): TableColumn<T> {
  return {
    ...column,
    // Backstage's theme lets a table cell break any word that does not fit; free text wraps between words instead.
    cellStyle: {
      minWidth,
      wordBreak: 'normal',
      ...(column.cellStyle as CSSProperties | undefined),
    },
    headerStyle: { whiteSpace: 'nowrap', ...column.headerStyle },
  };
}

/**
 * A column of buttons: side by side where the row has room, one under the
 * other where it has not, a button's label never broken. It takes the width
 * the one-line columns leave, like a free-text column.
 */
export function actionsColumn<T extends object>(
  column: TableColumn<T>,
): TableColumn<T> {
  return {
    sorting: false,
    ...column,
    cellStyle: {
      whiteSpace: 'nowrap',
      ...(column.cellStyle as CSSProperties | undefined),
    },
    headerStyle: { whiteSpace: 'nowrap', ...column.headerStyle },
  };
}

/** The buttons of an {@link actionsColumn} cell: they wrap between buttons, never inside one. */
export function ButtonRow({ children }: { children?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>{children}</div>
  );
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
  Container: (props: { children?: ReactNode; style?: CSSProperties }) => (
    <div style={props.style}>{props.children}</div>
  ),
};

const useLongTextStyles = makeStyles({
  clamp: {
    fontSize: 'inherit',
    overflow: 'hidden',
    display: '-webkit-box',
    '-webkit-box-orient': 'vertical',
    '-webkit-line-clamp': ({ lines }: { lines: number }) => lines,
  },
});

/**
 * Where running text may wrap inside a long token: after a slash, dot,
 * hyphen, colon or underscore (URLs, Azure ids, chart names), so a narrow
 * column wraps at those instead of between two letters. Never after a dot
 * between two digits: a version or an address (0.47.0, 10.0.0.0) stays whole,
 * as it does in running text.
 */
const BREAK_AFTER_PUNCTUATION =
  /(?<=[/\-:_]|(?<!\d)\.)(?=[^\s/.\-:_])|(?<=\d\.)(?=[^\s/.\-:_\d])/;

function withBreaks(text: string): ReactNode[] {
  return text
    .split(BREAK_AFTER_PUNCTUATION)
    .flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));
}

/**
 * A long token shown whole (an Azure resource id, a host name): it wraps
 * after its punctuation, never between two letters.
 */
export function BreakableText({ text }: { text: string }) {
  return <>{withBreaks(text)}</>;
}

/**
 * Free text cut to `lines` lines with an ellipsis; the whole text shows on
 * hover. Long tokens wrap after their punctuation, never between letters.
 */
export function LongText({
  text,
  lines = 2,
}: {
  text?: string;
  lines?: number;
}) {
  const classes = useLongTextStyles({ lines });
  if (!text) return null;
  return (
    <Tooltip title={text}>
      <Typography variant="inherit" component="div" className={classes.clamp}>
        {withBreaks(text)}
      </Typography>
    </Tooltip>
  );
}

/**
 * A name of several words (a policy's title): it may wrap between its words,
 * never inside one ("default-deny" stays whole).
 */
export function WholeWords({ text }: { text: string }) {
  const words = text.split(/\s+/).filter(Boolean);
  return (
    <>
      {words.map((word, i) => (
        <Fragment key={i}>
          {i > 0 && ' '}
          <span style={{ whiteSpace: 'nowrap' }}>{word}</span>
        </Fragment>
      ))}
    </>
  );
}
