export {
  actionsColumn,
  BreakableText,
  ButtonRow,
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  LongText,
  oneLineColumn,
  WholeWords,
} from './TableColumns';
