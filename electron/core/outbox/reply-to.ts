/**
 * Sets the Reply-To of a composed message (issue 21, R12): mail a user had waiting when they
 * unlinked their mailbox goes out from the company inbox, and answers go to the address they
 * chose. Any Reply-To the message had is replaced; the rest of the header block stays as is.
 */
export function withReplyTo(raw: Buffer, address: string): Buffer {
  if (!/^[^\s<>"@,;]+@[^\s<>"@,;]+$/u.test(address)) throw new Error('A Reply-To address without spaces, quotes or brackets is required.');
  const end = raw.indexOf('\r\n\r\n');
  const headerEnd = end === -1 ? raw.length : end + 2;
  const lines = raw.subarray(0, headerEnd).toString('latin1').split('\r\n');
  const kept: string[] = [];
  let skipping = false;
  let fromAt = -1;
  for (const line of lines) {
    if (/^[ \t]/u.test(line) && skipping) continue;
    skipping = /^reply-to:/iu.test(line);
    if (skipping) continue;
    if (/^from:/iu.test(line)) fromAt = kept.length;
    kept.push(line);
  }
  // Right after From (and its folded lines), where a reader looks for it.
  let insertAt = fromAt === -1 ? 0 : fromAt + 1;
  while (insertAt < kept.length && /^[ \t]/u.test(kept[insertAt]!)) insertAt += 1;
  kept.splice(insertAt, 0, `Reply-To: <${address}>`);
  return Buffer.concat([Buffer.from(kept.join('\r\n'), 'latin1'), raw.subarray(headerEnd)]);
}
