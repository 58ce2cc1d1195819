import { main } from './cli.js';

// The entry of the bundled CLI (`dist/headless/cli.js`, run by `bin/hirebox.js`).
// Exit explicitly: a `serve` that has shut down must not wait on a stray timer.
process.exit(await main(process.argv.slice(2)));
