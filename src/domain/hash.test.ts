import { describe, expect, it } from 'vitest';
import { sha256Hex } from './hash.js';

describe('sha256Hex', () => {
  // Digests from sha256sum; the lengths sit on either side of the 55/56- and 64-byte block edges.
  it.each([
    { text: '', digest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { text: 'abc', digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
    { text: 'a', digest: 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb' },
    { text: 'a'.repeat(55), digest: '9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318' },
    { text: 'a'.repeat(56), digest: 'b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a' },
    { text: 'a'.repeat(63), digest: '7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34' },
    { text: 'a'.repeat(64), digest: 'ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb' },
    { text: 'a'.repeat(65), digest: '635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0' },
    { text: 'a'.repeat(119), digest: '31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb' },
    { text: 'a'.repeat(120), digest: '2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c' },
    { text: 'a'.repeat(1000), digest: '41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3' },
    {
      text: 'Zoë – “Just helping” 🚀',
      digest: 'd152f260c9939951140dc5ef79a09eef8b16865871745986f839ed0274c0f1a9',
    },
    {
      text: 'escape:commitment:c1,postponement:p1,session:s9',
      digest: 'aed20da8b32ff4b1ab884385ac8ab1217d62e2e31273571ed938c42039fe52e2',
    },
  ])('hashes $text.length characters like sha256sum', ({ text, digest }) => {
    expect(sha256Hex(text)).toBe(digest);
  });
});
