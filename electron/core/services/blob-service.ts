import { randomUUID } from 'node:crypto';
import type { BlobRef } from '../../../shared/model.js';

interface HeldBlob {
  ref: BlobRef;
  data: Buffer;
  /** The only user who may fetch it. */
  userId: string;
  expiresAt: number;
}

/**
 * Binary data (attachments, exports) handed to a client by id instead of inline in a
 * contract result. A blob belongs to the user it was made for and expires; in headless
 * mode it is fetched through the token-guarded `GET /blob/<id>`.
 */
export class BlobService {
  readonly #blobs = new Map<string, HeldBlob>();

  constructor(
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  offer(userId: string, data: Buffer, meta: { fileName: string; mimeType: string }): BlobRef {
    this.#sweep();
    const ref: BlobRef = { blobId: randomUUID(), fileName: meta.fileName, mimeType: meta.mimeType, size: data.length };
    this.#blobs.set(ref.blobId, { ref, data, userId, expiresAt: this.now() + this.ttlMs });
    return ref;
  }

  /** Offers data under an id it had before (a draft's kept file handed back after sending, for Undo). */
  offerAs(userId: string, blobId: string, data: Buffer, meta: { fileName: string; mimeType: string }): BlobRef {
    this.#sweep();
    const ref: BlobRef = { blobId, fileName: meta.fileName, mimeType: meta.mimeType, size: data.length };
    this.#blobs.set(blobId, { ref, data, userId, expiresAt: this.now() + this.ttlMs });
    return ref;
  }

  /** The blob if it exists, has not expired and belongs to `userId`; otherwise null. */
  fetch(userId: string, blobId: string): { ref: BlobRef; data: Buffer } | null {
    this.#sweep();
    const blob = this.#blobs.get(blobId);
    if (blob === undefined || blob.userId !== userId) return null;
    return { ref: blob.ref, data: blob.data };
  }

  clear(): void {
    this.#blobs.clear();
  }

  #sweep(): void {
    const now = this.now();
    for (const [id, blob] of this.#blobs) if (blob.expiresAt <= now) this.#blobs.delete(id);
  }
}
