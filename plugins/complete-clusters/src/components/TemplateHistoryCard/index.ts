export { TemplateHistoryCard } from './TemplateHistoryCard';
