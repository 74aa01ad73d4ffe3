// Vitest runs lib/server modules outside React's server environment, where the
// real "server-only" marker would throw; the marker carries no behaviour.
export {};
