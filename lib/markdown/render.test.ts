import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render';

describe('renderMarkdown', () => {
  it('renders GitHub-flavoured Markdown', () => {
    const html = renderMarkdown('# Title\n\nSome *text* and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done');
    expect(html).toContain('<h1>Title</h1>');
    expect(html).toContain('<em>text</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<table>');
    expect(html).toMatch(/<input[^>]*type="checkbox"/);
  });

  it('returns an empty string for no description', () => {
    expect(renderMarkdown(null)).toBe('');
    expect(renderMarkdown('   ')).toBe('');
  });

  it('removes scripts, styles and iframes with their content', () => {
    const html = renderMarkdown('hi <script>alert(1)</script><style>body{}</style><iframe src="https://x"></iframe>');
    expect(html).not.toMatch(/script|alert|style|iframe/i);
  });

  it('removes event handlers', () => {
    const html = renderMarkdown('<img src="https://x/y.png" onerror="alert(1)"><a href="https://a" onclick="x()">a</a><div onmouseover="x()">d</div>');
    expect(html).not.toMatch(/onerror|onclick|onmouseover|alert/i);
    expect(html).toContain('src="https://x/y.png"');
  });

  it('removes javascript:, data: and obfuscated script URLs', () => {
    for (const href of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', '&#106;avascript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x', '//evil.example/x']) {
      const html = renderMarkdown(`[x](${href}) <a href="${href}">y</a>`);
      expect(html, href).not.toMatch(/href="(?:javascript|data|vbscript|&#|\/\/)/i);
    }
    expect(renderMarkdown('![x](javascript:alert(1))')).not.toMatch(/src=/);
  });

  it('keeps safe links, opening external ones in a new tab without an opener', () => {
    const html = renderMarkdown('[docs](https://docs.docker.com) [top](#usage) <mailto:a@b.c>');
    expect(html).toContain('href="https://docs.docker.com"');
    expect(html).toMatch(/rel="noopener noreferrer nofollow ugc"/);
    expect(html).toMatch(/<a href="#usage" rel="[^"]+">top<\/a>/);
  });

  it('drops style attributes and unknown classes but keeps code languages', () => {
    const html = renderMarkdown('<p style="color:red" class="evil">x</p>\n\n```ts\nlet a = 1;\n```');
    expect(html).not.toMatch(/style=|class="evil"/);
    expect(html).toContain('class="language-ts"');
  });
});
