#!/usr/bin/env node
// `reglab` entry: the bundled CLI (built by `npm run build`).
require('../dist/cli.js');
