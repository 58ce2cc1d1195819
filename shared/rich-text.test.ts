import { describe, expect, it } from 'vitest';
import { htmlToPlainText, isBlankHtml, textToHtml } from './rich-text.js';

describe('htmlToPlainText (the text/plain part of a rich-text mail)', () => {
  it('keeps paragraphs apart by a blank line and line breaks as written', () => {
    expect(htmlToPlainText('<p>Hello Anna,</p><p>thank you.</p><p>Best regards<br>Kim<br>Talent Team</p>')).toBe('Hello Anna,\n\nthank you.\n\nBest regards\nKim\nTalent Team');
  });

  it('marks bold and italic as mail clients do, and writes a link with its address', () => {
    expect(htmlToPlainText('<p>Please read <strong>this</strong> and <em>that</em>: <a href="https://jobs.example.org/42">the job ad</a>.</p>')).toBe(
      'Please read *this* and _that_: the job ad <https://jobs.example.org/42>.',
    );
  });

  it('writes a link whose text is its address once', () => {
    expect(htmlToPlainText('<p><a href="https://example.org">https://example.org</a></p>')).toBe('https://example.org');
  });

  it('lists items one a line, bulleted and numbered, without blank lines inside the list', () => {
    expect(htmlToPlainText('<ul><li><p>Portfolio</p></li><li><p>CV</p></li></ul><ol><li><p>Call</p></li><li><p>Visit</p></li></ol>')).toBe('- Portfolio\n- CV\n\n 1. Call\n 2. Visit');
  });

  it('decodes entities and drops what is not text', () => {
    expect(htmlToPlainText('<p>Fish &amp; chips &lt;3</p><script>alert(1)</script><p><img src="x.png" alt="logo"></p>')).toBe('Fish & chips <3');
  });

  it('indents a nested list, quotes a blockquote, reads non-breaking spaces as spaces', () => {
    expect(htmlToPlainText('<ul><li><p>Docs</p><ul><li><p>CV</p></li></ul></li></ul><blockquote><p>Anna wrote</p><p>Hi</p></blockquote><p>a&nbsp;&nbsp;b</p>')).toBe('- Docs\n  - CV\n\n> Anna wrote\n>\n> Hi\n\na  b');
  });

  it('writes a mail link whose text is the address once', () => {
    expect(htmlToPlainText('<p>Write to <a href="mailto:kim@acme.com">kim@acme.com</a></p>')).toBe('Write to kim@acme.com');
  });

  it('collapses empty paragraphs into one blank line, and leaves placeholders as written', () => {
    expect(htmlToPlainText('<p>Hello {firstName},</p><p></p><p></p><p>{signature}</p>')).toBe('Hello {firstName},\n\n{signature}');
  });
});

describe('textToHtml (plain text into the editor)', () => {
  it('turns blank lines into paragraphs and single line breaks into <br>, escaping markup', () => {
    expect(textToHtml('Hello <Anna>,\n\nBest regards\nKim')).toBe('<p>Hello &lt;Anna&gt;,</p><p>Best regards<br>Kim</p>');
  });

  it('round-trips through htmlToPlainText', () => {
    const text = 'Hello Anna,\n\nthank you for applying as Product Designer. When can we talk?\n\nBest regards\nKim Recruiter\nTalent Team, Hirebox Test GmbH';
    expect(htmlToPlainText(textToHtml(text))).toBe(text);
  });

  it('knows an empty editor', () => {
    expect(isBlankHtml('<p></p>')).toBe(true);
    expect(isBlankHtml(textToHtml('x'))).toBe(false);
  });
});
