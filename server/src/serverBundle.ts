// The language server's bundle, dist/server-bundle.js, which dist/server.js runs (see serverEntry.ts).
// Kept apart from main.ts so that bundling runServer into dist/cli.js does not start a second server
// there (`require.main === module` is true for whichever bundle runs).
import { runServer } from './main';

runServer();
