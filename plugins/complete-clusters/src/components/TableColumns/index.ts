export {
  actionsColumn,
  ButtonRow,
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  LongText,
  oneLineColumn,
  WholeWords,
} from './TableColumns';
