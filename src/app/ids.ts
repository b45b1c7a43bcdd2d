// Crockford's base32 without i, l, o, u: ids are read and typed by people (`handson commitments done 7k2m9q4x`).
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** 8 random characters: 40 bits, plenty for one leader's journal, short enough to type. */
export function newId(): string {
  const bytes = new Uint8Array(8);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 31];
  return id;
}

export const ID_PATTERN = /^[0-9a-hjkmnp-tv-z]{8}$/;
