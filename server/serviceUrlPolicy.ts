/** Where the bot may send replies: decided before a turn runs, so nothing is posted to a caller's choice. */
export interface ServiceUrlPolicy {
  /** Whether incoming requests carry a verified Bot Framework token (whose serviceurl claim botbuilder checks). */
  authEnabled: boolean;
  /** Without credentials, service URLs besides loopback that replies may go to (URL prefixes). */
  allowed: string[];
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Undefined when replies may go to `serviceUrl`; otherwise why not (for the 400/403 answer). */
export function refusedServiceUrl(serviceUrl: string, policy: ServiceUrlPolicy): string | undefined {
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return 'serviceUrl is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'serviceUrl must be http or https';
  if (url.username || url.password || url.search || url.hash)
    return 'serviceUrl must not carry credentials, a query or a fragment';
  if (policy.authEnabled) return undefined;
  // Without credentials anyone can call: replies go only to this machine or to configured channels.
  if (LOOPBACK.test(url.hostname)) return undefined;
  if (policy.allowed.some((prefix) => serviceUrl.startsWith(prefix))) return undefined;
  return 'serviceUrl is not allowed without credentials (loopback or ALLOWED_SERVICE_URLS only)';
}
