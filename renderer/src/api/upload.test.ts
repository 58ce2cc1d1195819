import { describe, expect, it, vi } from 'vitest';
import type { BlobRef } from '../../../shared/model.js';
import { uploadOverBridge, uploadOverHttp } from './upload.js';

const ref: BlobRef = { blobId: '6a2b9f1e-8c1d-4a3e-9f0b-2d7c5e4a1b3c', fileName: 'Bewerbungen März.csv', mimeType: 'text/csv', size: 12 };

function fakeFetch(status: number, body: unknown) {
  return vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
    new Response(body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body), { status }),
  );
}

const file = new Blob(['name,email\n'], { type: 'text/csv' });

describe('uploadOverHttp', () => {
  it('posts the raw bytes with the key and a percent-encoded file name, and answers the BlobRef', async () => {
    const fetch = fakeFetch(200, ref);
    const result = await uploadOverHttp({ fetch, token: 'key', origin: 'http://127.0.0.1:4000' }, file, 'Bewerbungen März.csv');
    expect(result).toEqual({ ok: true, value: ref });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('http://127.0.0.1:4000/blob');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(file);
    const headers = init?.headers as Record<string, string>;
    expect(headers['Authorization']).toBe('Bearer key');
    expect(headers['X-File-Name']).toBe('Bewerbungen%20M%C3%A4rz.csv');
    expect(headers['Content-Type']).toBe('text/csv');
  });

  it('accepts the answer wrapped in the result envelope too', async () => {
    const result = await uploadOverHttp({ fetch: fakeFetch(201, { ok: true, value: ref }), token: 'k', origin: '' }, file, 'a.csv');
    expect(result).toEqual({ ok: true, value: ref });
  });

  it('passes an error envelope through, field and all', async () => {
    const error = { code: 'invalid-input', message: 'Too large', field: 'file', retryable: false };
    const result = await uploadOverHttp({ fetch: fakeFetch(413, { ok: false, error }), token: 'k', origin: '' }, file, 'a.csv');
    expect(result).toEqual({ ok: false, error });
  });

  it('turns bare HTTP statuses into error codes', async () => {
    const codeFor = async (status: number) => {
      const result = await uploadOverHttp({ fetch: fakeFetch(status, 'nope\n'), token: 'k', origin: '' }, file, 'a.csv');
      return result.ok ? 'ok' : result.error.code;
    };
    expect(await codeFor(401)).toBe('unauthenticated');
    expect(await codeFor(413)).toBe('invalid-input');
    expect(await codeFor(405)).toBe('unknown-channel');
    expect(await codeFor(500)).toBe('internal');
  });

  it('answers an unreadable success as internal, a failed request as network, no key as unauthenticated', async () => {
    const unreadable = await uploadOverHttp({ fetch: fakeFetch(200, 'not json'), token: 'k', origin: '' }, file, 'a.csv');
    expect(unreadable).toMatchObject({ ok: false, error: { code: 'internal' } });
    const throwing = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await uploadOverHttp({ fetch: throwing, token: 'k', origin: '' }, file, 'a.csv')).toMatchObject({
      ok: false,
      error: { code: 'network', retryable: true },
    });
    const noKey = fakeFetch(200, ref);
    expect(await uploadOverHttp({ fetch: noKey, token: null, origin: '' }, file, 'a.csv')).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    });
    expect(noKey).not.toHaveBeenCalled();
  });
});

describe('uploadOverBridge', () => {
  it('hands the bytes, name and type to the bridge', async () => {
    const upload = vi.fn(async () => ({ ok: true as const, value: ref }));
    expect(await uploadOverBridge(upload, file, 'a.csv')).toEqual({ ok: true, value: ref });
    const [bytes, name, type] = upload.mock.calls[0] as unknown as [Uint8Array, string, string];
    expect(new TextDecoder().decode(bytes)).toBe('name,email\n');
    expect([name, type]).toEqual(['a.csv', 'text/csv']);
  });

  it('resolves a rejected or malformed bridge answer as an error', async () => {
    const rejecting = vi.fn(async () => {
      throw new Error('IPC broke');
    });
    expect(await uploadOverBridge(rejecting, file, 'a.csv')).toMatchObject({ ok: false, error: { code: 'network' } });
    const nonsense = vi.fn(async () => ({ ok: true, value: 42 }) as never);
    expect(await uploadOverBridge(nonsense, file, 'a.csv')).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
