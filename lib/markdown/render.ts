// Markdown → sanitised HTML for repository READMEs (Docker Hub full_description).
// Render on the server: marked and sanitize-html stay out of the browser bundle.
import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

// A private instance so nobody's global marked.use(...) changes how READMEs render.
const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS = [
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote', 'pre', 'code', 'kbd', 'samp',
  'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'sup', 'sub', 'small',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'a', 'img', 'picture', 'source',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'details', 'summary', 'div', 'span', 'input',
];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: {
    a: ['href', 'title', 'name'],
    img: ['src', 'alt', 'title', 'width', 'height', 'align'],
    source: ['srcset', 'media', 'type'],
    code: ['class'],
    th: ['align', 'colspan', 'rowspan'],
    td: ['align', 'colspan', 'rowspan'],
    ol: ['start'],
    div: ['align'],
    p: ['align'],
    h1: ['align'],
    h2: ['align'],
    details: ['open'],
    // GFM task lists render <input type="checkbox" disabled>.
    input: ['type', 'checked', 'disabled'],
  },
  allowedClasses: { code: [/^language-[\w+-]+$/] },
  // No javascript:, data:, vbscript: or protocol-relative URLs anywhere.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'], source: ['http', 'https'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'srcset'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Drop the text of these entirely instead of leaving their source visible.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'template'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: 'noopener noreferrer nofollow ugc', ...(attribs.href?.startsWith('#') ? {} : { target: '_blank' }) },
    }),
    img: (tagName, attribs) => ({ tagName, attribs: { ...attribs, loading: 'lazy', referrerpolicy: 'no-referrer' } }),
    input: (tagName, attribs) =>
      attribs.type === 'checkbox'
        ? { tagName, attribs: { type: 'checkbox', disabled: '', ...(attribs.checked !== undefined ? { checked: '' } : {}) } }
        : { tagName: 'span', attribs: {} },
  },
};
// rel/target/loading/referrerpolicy are added by transformTags after attribute filtering.
SANITIZE.allowedAttributes = {
  ...(SANITIZE.allowedAttributes as Record<string, sanitizeHtml.AllowedAttribute[]>),
  a: ['href', 'title', 'name', 'rel', 'target'],
  img: ['src', 'alt', 'title', 'width', 'height', 'align', 'loading', 'referrerpolicy'],
};

/** Sanitises untrusted HTML with the README policy (no scripts, handlers, styles or javascript: URLs). */
export function sanitizeReadmeHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Renders Markdown (GFM) to sanitised HTML that is safe to put in dangerouslySetInnerHTML. */
export function renderMarkdown(markdown: string | null | undefined): string {
  if (markdown === null || markdown === undefined || markdown.trim() === '') return '';
  const html = marked.parse(markdown, { async: false });
  return sanitizeReadmeHtml(html);
}
