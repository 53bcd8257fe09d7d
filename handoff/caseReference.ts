import { randomInt } from 'node:crypto';

/** Letters and digits nobody misreads on the phone: no 0/O, 1/I/L. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A new case reference, e.g. "GTM-4K7P2Q" (31^6, about 900 million). */
export function newCaseReference(): string {
  let ref = 'GTM-';
  for (let i = 0; i < 6; i++) ref += ALPHABET[randomInt(ALPHABET.length)];
  return ref;
}
