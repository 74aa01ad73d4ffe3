/**
 * Whether the app's public URL (NEXTAUTH_URL) is HTTPS, as it is in production behind a proxy that
 * terminates TLS: then cookies are Secure (and `__Secure-`/`__Host-` named) and pages send HSTS,
 * whatever scheme the proxy used to reach the app.
 */
export const servedOverHttps = (): boolean => (process.env.NEXTAUTH_URL ?? "").startsWith("https://");
