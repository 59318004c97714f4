export { TemplateGallery } from './TemplateGallery';
export type { TemplateGalleryProps } from './TemplateGallery';
