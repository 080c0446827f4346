/**
 * The bench's simulated AWS latency: every AWS call answers this many milliseconds after it was sent (the mocks,
 * test/bench/latency.ts; the proxy in front of moto, test/bench/deployed-moto.ts). A module of its own, because
 * latency.ts stubs every SDK client's `send` when it is loaded.
 */
export const SIMULATED_LATENCY_MS = 50;
