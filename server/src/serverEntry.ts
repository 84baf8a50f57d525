// Entry point of dist/server.js: `node dist/server.js --stdio` (or --node-ipc, as VS Code starts it).
// Kept apart from main.ts so that bundling runServer into dist/cli.js does not start a second server
// there (`require.main === module` is true for whichever bundle runs).
import { runServer } from './main';

runServer();
