// Markdown rendering for READMEs. Server-side by design (keeps ~100 kB of parser out of the client).
export { renderMarkdown, sanitizeReadmeHtml } from './render';
