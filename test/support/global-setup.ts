import { buildShells } from './cli.js';

/** Vitest global setup: build the CLI once, so tests that spawn `hirebox` run what a user runs. */
export default function setup(): void {
  buildShells();
}
