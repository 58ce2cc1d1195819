import { describe, expect, it } from 'vitest';
import { sanitiseComposedHtml } from './composed-html.js';

describe('sanitiseComposedHtml (the HTML part that leaves)', () => {
  it('keeps what the editor writes: paragraphs, bold, italic, lists, web and mail links', () => {
    const html = '<p>Hi <strong>Anna</strong>, <em>see</em> <a href="https://jobs.example.org/42" target="_blank" class="x">the ad</a> or <a href="mailto:kim@acme.com">write</a>.</p><ul><li><p>CV</p></li></ul><ol><li><p>Call</p></li></ol>';
    expect(sanitiseComposedHtml(html)).toBe(
      '<p>Hi <strong>Anna</strong>, <em>see</em> <a href="https://jobs.example.org/42" rel="noopener noreferrer">the ad</a> or <a href="mailto:kim@acme.com" rel="noopener noreferrer">write</a>.</p><ul><li><p>CV</p></li></ul><ol><li><p>Call</p></li></ol>',
    );
  });

  it('drops scripts, handlers, styles, images, forms and links that run or point nowhere', () => {
    const dirty =
      '<p onclick="steal()" style="color:red">Hello</p><script>alert(1)</script><style>p{}</style><img src="https://track.example/p.gif" onerror="x()"><form><input value="a"></form><a href="javascript:alert(1)">click</a> <a href="{jobLink}">ad</a> <iframe src="https://x.example"></iframe>';
    const clean = sanitiseComposedHtml(dirty);
    expect(clean).toBe('<p>Hello</p><span>click</span> <span>ad</span>');
    expect(clean).not.toMatch(/script|onclick|style|img|javascript|iframe|form/iu);
  });
});
