#!/usr/bin/env node
// Kept out of the build so the bin link exists right after `npm ci`; the code is in dist.
import '../dist/cli.js';
