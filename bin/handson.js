#!/usr/bin/env node
// The compiled CLI lives in dist/; `npm run build` (run by `npm start` and `npm test`) makes it.
import('../dist/bundle/main.js').then((m) => m.runMain(process.argv.slice(2)));
