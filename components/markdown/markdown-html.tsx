import { cn } from '@/components/ui/cn';

/**
 * Shows README HTML that lib/markdown rendered and sanitised on the server. Only ever pass the
 * output of renderMarkdown / sanitizeReadmeHtml here.
 */
export function MarkdownHtml({ html, className }: { html: string; className?: string }) {
  return (
    <div
      data-testid="markdown"
      className={cn(
        'markdown-body max-w-none text-sm leading-6 text-zinc-800 dark:text-zinc-200',
        '[&_h1]:mt-4 [&_h1]:mb-2 [&_h1]:text-xl [&_h1]:font-semibold [&_h2]:mt-4 [&_h2]:mb-2 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:mt-3 [&_h3]:mb-1.5 [&_h3]:font-semibold',
        '[&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-6 [&_li]:my-0.5',
        '[&_a]:text-indigo-700 [&_a]:underline dark:[&_a]:text-indigo-300',
        '[&_code]:rounded [&_code]:bg-zinc-100 [&_code]:px-1 [&_code]:py-0.5 [&_code]:font-mono [&_code]:text-[0.85em] dark:[&_code]:bg-zinc-800',
        '[&_pre]:my-3 [&_pre]:overflow-x-auto [&_pre]:rounded-md [&_pre]:bg-zinc-100 [&_pre]:p-3 dark:[&_pre]:bg-zinc-800 [&_pre_code]:bg-transparent [&_pre_code]:p-0',
        '[&_blockquote]:my-2 [&_blockquote]:border-l-4 [&_blockquote]:border-zinc-300 [&_blockquote]:pl-3 [&_blockquote]:text-zinc-600 dark:[&_blockquote]:border-zinc-700',
        '[&_table]:my-3 [&_table]:border-collapse [&_td]:border [&_td]:border-zinc-200 [&_td]:px-2 [&_td]:py-1 [&_th]:border [&_th]:border-zinc-200 [&_th]:px-2 [&_th]:py-1 dark:[&_td]:border-zinc-700 dark:[&_th]:border-zinc-700',
        '[&_hr]:my-4 [&_hr]:border-zinc-200 dark:[&_hr]:border-zinc-700 [&_img]:inline-block [&_img]:max-w-full',
        className,
      )}
      // Sanitised on the server by lib/markdown (no scripts, handlers, styles or javascript: URLs).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
