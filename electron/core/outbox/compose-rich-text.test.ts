import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { htmlToPlainText } from '../../../shared/rich-text.js';
import { sanitiseComposedHtml } from '../mime/composed-html.js';
import { composeMessage } from './compose-message.js';

describe('a rich-text mail (composeMessage with html)', () => {
  const base = {
    from: { address: 'olivia@acme.com', name: 'Olivia Owner' },
    to: ['anna@example.org'],
    cc: [],
    bcc: [],
    subject: 'Einladung',
    signature: 'Olivia Owner\nAcme GmbH',
    attachments: [],
    reply: null,
    messageId: 'chosen@acme.com',
    date: new Date('2026-03-02T10:00:00Z'),
  };

  it('goes as multipart/alternative: the text part made from the same HTML, both signed once', async () => {
    const html = sanitiseComposedHtml('<p>Hallo <strong>Anna</strong>,</p><p>hier ist <a href="https://jobs.example.org/42">die Anzeige</a>.</p>');
    const composed = await composeMessage({ ...base, body: htmlToPlainText(html), html });
    const raw = composed.wire.toString('utf8');
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;/mu);
    const parsed = await simpleParser(composed.wire);
    expect(parsed.text).toBe('Hallo *Anna*,\n\nhier ist die Anzeige <https://jobs.example.org/42>.\n\n-- \nOlivia Owner\nAcme GmbH');
    expect(parsed.html).toContain('<strong>Anna</strong>');
    expect(parsed.html).toContain('<a href="https://jobs.example.org/42" rel="noopener noreferrer">die Anzeige</a>');
    expect(parsed.html).toContain('<p>-- <br>Olivia Owner<br>Acme GmbH</p>');
  });

  it('adds no second signature when the text holds it, and quotes a reply in a blockquote', async () => {
    const html = sanitiseComposedHtml('<p>Danke.</p><p>Viele Grüße<br>Olivia Owner<br>Acme GmbH</p>');
    const composed = await composeMessage({
      ...base,
      subject: '',
      body: htmlToPlainText(html),
      html,
      reply: { messageIdHeader: 'parent@example.org', references: [], subject: 'Bewerbung', quote: { intro: 'Am 1. März schrieb Anna:', text: 'Anbei <mein> Portfolio.' } },
    });
    const parsed = await simpleParser(composed.wire);
    expect(String(parsed.html).match(/Acme GmbH/gu)).toHaveLength(1);
    expect(parsed.text?.match(/Acme GmbH/gu)).toHaveLength(1);
    expect(parsed.html).toContain('<p>Am 1. März schrieb Anna:</p><blockquote type="cite"><p>Anbei &lt;mein&gt; Portfolio.</p></blockquote>');
    expect(parsed.text).toContain('> Anbei <mein> Portfolio.');
  });

  it('stays plain text without html', async () => {
    const composed = await composeMessage({ ...base, body: 'Hallo Anna' });
    expect(composed.wire.toString('utf8')).toMatch(/^Content-Type: text\/plain/mu);
  });
});
