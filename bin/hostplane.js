#!/usr/bin/env node
// The installed command. The CLI itself is compiled to dist/ by `npm ci` (the prepare script); this
// launcher is committed with its executable bit, which tsc's output would not have.
import '../dist/cli/main.js';
