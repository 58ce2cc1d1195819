import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { cleanReceivedHtml } from './received-html.js';

// The engine's cleaning of received mail HTML (issue 23 item 3), read back with an HTML
// parser: every element and attribute left is checked against what may load or run.

const corpusFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'corpus', 'mime');

interface Found {
  tags: string[];
  attributes: { tag: string; name: string; value: string }[];
  styles: string[];
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) =>
    name.startsWith('#') ? String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))) : (entities[name.toLowerCase()] ?? whole),
  );

/** Reads the sanitiser's output (well-formed: quoted attributes, escaped text) back into tags, attributes and style sheets. */
function read(html: string): Found {
  const found: Found = { tags: [], attributes: [], styles: [] };
  for (const sheet of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style/giu)) found.styles.push(sheet[1]!);
  const withoutSheets = html.replace(/<style\b[^>]*>[\s\S]*?<\/style>/giu, '<style>');
  for (const tag of withoutSheets.matchAll(/<([a-z][\w:-]*)((?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/giu)) {
    const name = tag[1]!.toLowerCase();
    found.tags.push(name);
    for (const attribute of tag[2]!.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/gu)) {
      found.attributes.push({ tag: name, name: attribute[1]!.toLowerCase(), value: decode(attribute[2] ?? attribute[3] ?? attribute[4] ?? '') });
    }
  }
  // Anything tag-like the reader could not read is a failure too.
  expect(withoutSheets.replace(/<\/?[a-z][^<>]*>/giu, '')).not.toMatch(/</u);
  return found;
}

const loadingCss = /url\s*\(|image-set|image\s*\(|expression\s*\(|@import|@font-face|cross-fade|element\s*\(|\\|behavior\s*:|binding\s*:|src\s*\(/i;

/** What no cleaned mail may hold, whatever went in. */
function expectInert(html: string, label: string): void {
  const found = read(html);
  const forbidden = ['script', 'iframe', 'frame', 'object', 'embed', 'applet', 'link', 'meta', 'base', 'form', 'input', 'button', 'select', 'textarea', 'video', 'audio', 'source', 'track', 'picture', 'svg', 'math', 'image', 'use', 'portal', 'template', 'noscript', 'frameset', 'marquee'];
  expect(found.tags.filter((tag) => forbidden.includes(tag)), label).toEqual([]);
  for (const attribute of found.attributes) {
    expect(attribute.name, label).not.toMatch(/^on|^(srcset|poster|background|action|formaction|ping|lowsrc|dynsrc|xlink:href|data|codebase|name|target|srcdoc)$/);
    if (attribute.name === 'href') expect(attribute.value, label).toMatch(/^(https?:\/\/|mailto:|#)/i);
    if (attribute.name === 'src') expect(attribute.value, label).toMatch(/^(https:\/\/|data:image\/)/i);
    if (attribute.name === 'style') expect(attribute.value, label).not.toMatch(loadingCss);
    if (attribute.name === 'src' || attribute.name === 'href') expect(attribute.tag, label).toMatch(/^(img|a)$/);
  }
  for (const css of found.styles) expect(css, label).not.toMatch(loadingCss);
}

const at = (name: string) => `http://t.tracker.test/${name}`;
/** The probe vectors of test/e2e/inbox.spec.ts and more, each on its own. */
const vectors: Record<string, string> = {
  script: `<script>new Image().src='${at('script')}'</script>`,
  'inline handler': `<img src="data:image/png;base64,AAAA" onerror="new Image().src='${at('onerror')}'">`,
  'javascript: link': `<a href="javascript:alert(1)">Open</a><a href=" JaVaScRiPt:alert(1)">x</a><a href="java&#x09;script:alert(1)">y</a>`,
  'data: link': `<a href="data:text/html,<script>alert(1)</script>">x</a>`,
  'vbscript: link': `<a href="vbscript:msgbox(1)">x</a>`,
  img: `<img src="${at('img')}" alt="logo">`,
  'protocol-relative img': `<img src="//t.tracker.test/img" alt="">`,
  srcset: `<img srcset="${at('srcset')} 1x" alt="">`,
  'CSS url()': `<div style="background-image:url('${at('css-url')}')"></div>`,
  'CSS url() with escapes': `<div style="background:u\\72l(${at('esc1')})"></div><div style="background:\\75rl(${at('esc2')})"></div><div style="background:\\000075\\000072\\00006c(${at('esc3')})"></div><div style="background:u\\rl(${at('esc4')})"></div>`,
  'CSS url() split by a comment': `<div style="background:ur/**/l(${at('comment')})"></div>`,
  'CSS url() in entities': `<div style="background:u&#114;l(${at('entity')})"></div>`,
  'CSS image-set()': `<div style="background-image:image-set('${at('set')}' 1x)"></div><div style="background-image:-webkit-image-set(url(${at('set2')}) 1x)"></div>`,
  'CSS expression()': `<div style="width:expression(alert(1))"></div><div style="width:ex\\70ression(alert(1))"></div>`,
  'CSS behavior and binding': `<div style="behavior:url(x.htc);-moz-binding:url(x.xml#x)"></div>`,
  'CSS @import': `<style>@import url('${at('import.css')}');@import '${at('import2.css')}';@\\69mport '${at('import3.css')}';</style><p>styled</p>`,
  '@font-face': `<style>@font-face{font-family:x;src:url(${at('font')})}</style>`,
  'style url()': `<style>p{background:url(${at('style-url')})} q{background:u\\72l(${at('style-esc')})} b{background-image:image-set("${at('style-set')}" 1x)} i{list-style:url(${at('list')})}</style>`,
  'style breakout': `<style>p{}</style</style><img src=x onerror=alert(1)>`,
  'style breakout by escape': `<style>p{content:"\\3c/style\\3e\\3cimg src=x onerror=alert(1)\\3e"}</style>`,
  'link stylesheet': `<link rel="stylesheet" href="${at('link.css')}">`,
  'link preconnect': `<link rel="preconnect" href="http://pre.tracker.test">`,
  'SVG image': `<svg width="20" height="20"><image href="${at('svg-image')}" width="20" height="20"/></svg>`,
  'SVG style breakout': `<svg><style><img src=x onerror=alert(1)></style></svg>`,
  'math breakout': `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>`,
  'meta refresh': `<meta http-equiv="refresh" content="0;url=${at('refresh')}">`,
  base: `<base href="${at('base/')}"><img src="relative.png" alt=""><a href="relative.html">r</a>`,
  form: `<form action="${at('form')}"><input name="q"><button formaction="${at('f')}">Send</button></form>`,
  iframe: `<iframe src="${at('iframe')}"></iframe><iframe srcdoc="<script>alert(1)</script>"></iframe>`,
  'video poster': `<video poster="${at('poster')}"></video><audio src="${at('audio')}"></audio>`,
  'table background': `<table background="${at('bg')}"><tr><td background="${at('bg2')}">x</td></tr></table><body background="${at('body')}">`,
  object: `<object data="${at('obj')}"></object><embed src="${at('embed')}">`,
  'DOM clobbering': `<img name="body" src="data:image/png;base64,AAAA"><a name="head" href="#x">x</a>`,
  'target and ping': `<a href="https://ok.example" target="_top" ping="${at('ping')}">x</a>`,
};

describe('received mail HTML, cleaned in the engine', () => {
  for (const [name, html] of Object.entries(vectors)) {
    it(`leaves nothing that runs or loads: ${name}`, () => {
      const clean = cleanReceivedHtml(`<p>before</p>${html}<p>after</p>`);
      expectInert(clean.html, name);
      expect(clean.html).toContain('<p>before</p>');
      expect(clean.html).toContain('<p>after</p>');
      // A comment splits a token (`ur/**/l(` reads as `ur l(`, which loads nothing), so only there the address may stay as text.
      if (name !== 'CSS url() split by a comment') expect(clean.html).not.toContain('tracker.test/');
    });
  }

  it('keeps the text, layout, tables, web and mail links, https images (for "show images") and inline images', () => {
    const html = `<html><head><title>Ignored</title><style>p.lead{color:#123456;font-weight:bold}</style></head><body>
      <p class="lead" style="color: rgb(1, 2, 3); margin: 0 0 8px">Dear Alice,</p>
      <table cellpadding="4" border="1"><tr><td colspan="2" align="center">Cell</td></tr></table>
      <a href="https://portfolio.example/anna">my portfolio</a> <a href="mailto:anna@example.org">mail</a> <a href="#top">top</a>
      <img src="https://cdn.example/photo.png" alt="Photo" width="40"> <img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">
      <blockquote type="cite">quoted</blockquote></body></html>`;
    const clean = cleanReceivedHtml(html).html;
    expect(clean).toContain('<style>p.lead{color:#123456;font-weight:bold}</style>');
    expect(clean).toContain('<p class="lead" style="color: rgb(1, 2, 3); margin: 0 0 8px">Dear Alice,</p>');
    expect(clean).toContain('<td colspan="2" align="center">Cell</td>');
    expect(clean).toContain('<a href="https://portfolio.example/anna" rel="noopener noreferrer">my portfolio</a>');
    expect(clean).toContain('href="mailto:anna@example.org"');
    expect(clean).toContain('href="#top"');
    expect(clean).toContain('<img src="https://cdn.example/photo.png" alt="Photo" width="40" />');
    expect(clean).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(clean).toContain('<blockquote type="cite">quoted</blockquote>');
    expect(clean).not.toContain('Ignored');
  });

  it('drops plain-http images (they would be sent in the clear) but keeps what they said', () => {
    const clean = cleanReceivedHtml('<p>Our logo: <img src="http://cdn.example/logo.png" alt="ACME"></p>');
    expect(clean.html).toBe('<p>Our logo: <span>ACME</span></p>');
    expect(clean.droppedImages).toBe(1);
  });

  it('leaves every HTML mail of the shared corpus inert, with its text', async () => {
    const files: string[] = [];
    const walk = (folder: string) => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(folder, entry.name));
        else if (entry.isFile() && entry.name !== 'LICENSE' && !entry.name.startsWith('.')) files.push(path.join(folder, entry.name));
      }
    };
    walk(corpusFolder);
    let withHtml = 0;
    for (const file of files) {
      const parsed = await simpleParser(fs.readFileSync(file)).catch(() => null);
      if (parsed === null || typeof parsed.html !== 'string' || parsed.html === '') continue;
      withHtml += 1;
      const clean = cleanReceivedHtml(parsed.html).html;
      expectInert(clean, path.relative(corpusFolder, file));
    }
    expect(withHtml).toBeGreaterThan(5);
  });
});
