/**
 * Headers for the bot's own pages: a Content-Security-Policy that runs only the page's own scripts (no
 * inline script), no MIME sniffing, no referrer to other sites, and frame-ancestors from configuration
 * (FRAME_ANCESTORS), so a support site can embed the help page while nobody else can frame it.
 */
export function pageSecurityHeaders(options: {
  frameAncestors?: string[];
  /** Extra origins the page talks to (Azure Direct Line, with its WebSocket). */
  connect?: string[];
  /** Web Chat styles itself with style elements it creates: inline styles, never inline scripts. */
  inlineStyles?: boolean;
}): Record<string, string> {
  const ancestors = options.frameAncestors?.length ? options.frameAncestors.join(' ') : "'self'";
  const connect = ["'self'", ...(options.connect ?? [])].join(' ');
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${options.inlineStyles ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
  };
}
