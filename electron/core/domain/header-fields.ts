/**
 * The message without its Bcc header field (RFC 5322 §3.6.3: Bcc recipients get the mail
 * through the envelope; the header would show them to everybody). Folded continuation
 * lines of the field go with it; the body is untouched.
 */
export function withoutBcc(raw: Buffer): Buffer {
  const end = raw.indexOf('\r\n\r\n');
  const headerEnd = end === -1 ? raw.length : end + 2;
  const lines = raw.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    if (/^[ \t]/u.test(line) && skipping) continue;
    skipping = /^bcc:/iu.test(line);
    if (!skipping) kept.push(line);
  }
  return Buffer.concat([Buffer.from(kept.join('\r\n'), 'latin1'), raw.subarray(headerEnd)]);
}
