export { compactTableOptions, framelessTable, freeTextColumn, LongText, oneLineColumn } from './TableColumns';
