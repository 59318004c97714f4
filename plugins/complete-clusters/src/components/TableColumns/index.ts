export {
  compactTableOptions,
  framelessTable,
  freeTextColumn,
  LongText,
  oneLineColumn,
  WholeWords,
} from './TableColumns';
