import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

/**
 * A passkey authenticator in software, for tests: it makes ES256 key pairs with node:crypto and
 * answers registration (attestation `none`) and sign-in the way a security key or a phone does —
 * CBOR, authenticator data, a real signature over it — so a test shows the server really checks
 * the answers rather than trusting them. Each credential is discoverable: it keeps the user handle
 * and hands it back at sign-in, as a usernameless sign-in needs.
 */

/** Just enough CBOR (RFC 8949) for an attestation object and a COSE key. */
function cbor(value: unknown): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 256) return Buffer.from([(major << 5) | 24, n]);
    if (n < 65_536) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, text.length), text]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  if (value instanceof Map) {
    const parts = [head(5, value.size)];
    for (const [k, v] of value) parts.push(cbor(k), cbor(v));
    return Buffer.concat(parts);
  }
  throw new Error(`cbor: cannot encode ${typeof value}`);
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

interface Held {
  id: Buffer;
  rpId: string;
  userHandle: string;
  key: KeyObject;
  publicCose: Buffer;
  counter: number;
}

export interface AnswerOptions {
  /** The page's origin the browser would report (the server must refuse another). */
  origin: string;
  /** Whether the person was verified (PIN, biometrics); a passkey without it is one factor only. */
  userVerified?: boolean;
  /** Overrides the signature counter sent, to act out a cloned authenticator. */
  counter?: number;
}

export class SoftAuthenticator {
  readonly credentials: Held[] = [];

  /** navigator.credentials.create(): a new key pair for the site, answered with attestation `none`. */
  create(options: PublicKeyCredentialCreationOptionsJSON, answer: AnswerOptions): RegistrationResponseJSON {
    const rpId = options.rp.id!;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const publicCose = cbor(
      new Map<number, unknown>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
    const held: Held = {
      id: randomBytes(16),
      rpId,
      userHandle: options.user.id,
      key: privateKey,
      publicCose,
      counter: 0,
    };
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(held.id.length);
    const authData = Buffer.concat([
      this.authDataHead(rpId, FLAG_AT | this.flags(answer), answer.counter ?? 0),
      Buffer.alloc(16), // AAGUID: all zeros, as with attestation `none`
      idLength,
      held.id,
      publicCose,
    ]);
    const attestationObject = cbor(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    );
    this.credentials.push(held);
    return this.answer(held, {
      clientDataJSON: this.clientData('webauthn.create', options.challenge, answer.origin),
      attestationObject: attestationObject.toString('base64url'),
      transports: ['internal'],
    });
  }

  /** navigator.credentials.get() with no allow-list: the authenticator picks its passkey for the site. */
  get(
    options: PublicKeyCredentialRequestOptionsJSON,
    answer: AnswerOptions,
    which: Held | undefined = this.credentials.find((c) => c.rpId === options.rpId),
  ): AuthenticationResponseJSON {
    if (which === undefined) throw new Error(`no passkey for ${options.rpId}`);
    which.counter += 1;
    const authData = this.authDataHead(which.rpId, this.flags(answer), answer.counter ?? which.counter);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, answer.origin);
    const signed = Buffer.concat([
      authData,
      createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest(),
    ]);
    return this.answer(which, {
      clientDataJSON,
      authenticatorData: authData.toString('base64url'),
      // DER-encoded ECDSA over SHA-256, as WebAuthn's ES256 signatures are.
      signature: sign('sha256', signed, which.key).toString('base64url'),
      userHandle: which.userHandle,
    });
  }

  /** The PublicKeyCredential as JSON, the shape the browser library hands the server. */
  private answer<R>(held: Held, response: R) {
    const id = held.id.toString('base64url');
    return { id, rawId: id, type: 'public-key' as const, response, clientExtensionResults: {} };
  }

  private flags(answer: AnswerOptions): number {
    return FLAG_UP | (answer.userVerified === false ? 0 : FLAG_UV);
  }

  private authDataHead(rpId: string, flags: number, counter: number): Buffer {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count]);
  }

  private clientData(type: string, challenge: string, origin: string): string {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8').toString(
      'base64url',
    );
  }
}
