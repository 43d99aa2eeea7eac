import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The runner's Ed25519 device identity. A token-only connect gets no scopes, so the runner signs
 * the connect challenge with a device key; on loopback the gateway pairs it silently. The key is
 * kept in the runner's state dir so the gateway sees one device, not one per run.
 */

export interface DeviceIdentity {
  /** Hex sha256 of the raw 32-byte public key. */
  readonly deviceId: string;
  /** Raw public key, base64url. */
  readonly publicKey: string;
  readonly privateKey: KeyObject;
}

const IdentityFileSchema = z.object({
  version: z.literal(1),
  deviceId: z.string(),
  privateKeyPem: z.string(),
});

export const IDENTITY_FILE = 'device-identity.json';

export function createIdentity(): DeviceIdentity {
  const { privateKey } = generateKeyPairSync('ed25519');
  return identityFromPrivateKey(privateKey);
}

function identityFromPrivateKey(privateKey: KeyObject): DeviceIdentity {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const raw = spki.subarray(spki.length - 32);
  return {
    deviceId: createHash('sha256').update(raw).digest('hex'),
    publicKey: raw.toString('base64url'),
    privateKey,
  };
}

/** Loads `<stateDir>/device-identity.json`, creating it (mode 0600) on first use. */
export async function loadOrCreateIdentity(stateDir: string): Promise<DeviceIdentity> {
  const file = path.join(stateDir, IDENTITY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    let parsed: z.infer<typeof IdentityFileSchema>;
    try {
      parsed = IdentityFileSchema.parse(JSON.parse(text));
    } catch {
      throw new Error(`device identity ${file} is not a valid identity file: delete it to create a new one`);
    }
    const identity = identityFromPrivateKey(createPrivateKey(parsed.privateKeyPem));
    if (identity.deviceId !== parsed.deviceId) {
      throw new Error(`device identity ${file} is inconsistent (its device id does not match its key): delete it to create a new one`);
    }
    return identity;
  }
  const identity = createIdentity();
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const body = JSON.stringify({
    version: 1,
    deviceId: identity.deviceId,
    privateKeyPem: identity.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, body, { mode: 0o600 });
  await rename(temp, file);
  return identity;
}

export interface SignedDeviceFields {
  readonly clientId: string;
  readonly clientMode: string;
  readonly role: string;
  readonly scopes: readonly string[];
  readonly token: string;
  readonly platform: string;
  readonly deviceFamily: string;
  readonly nonce: string;
  readonly signedAt: number;
}

/** The v3 device proof: an Ed25519 signature over the pipe-joined connect fields. */
export function signDevice(identity: DeviceIdentity, fields: SignedDeviceFields) {
  const payload = [
    'v3',
    identity.deviceId,
    fields.clientId,
    fields.clientMode,
    fields.role,
    fields.scopes.join(','),
    String(fields.signedAt),
    fields.token,
    fields.nonce,
    fields.platform.toLowerCase(),
    fields.deviceFamily.toLowerCase(),
  ].join('|');
  return {
    id: identity.deviceId,
    publicKey: identity.publicKey,
    signature: sign(null, Buffer.from(payload, 'utf8'), identity.privateKey).toString('base64url'),
    signedAt: fields.signedAt,
    nonce: fields.nonce,
  };
}
