export { TemplateCard } from './TemplateCard';
export type { TemplateCardProps } from './TemplateCard';
