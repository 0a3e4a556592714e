#!/usr/bin/env node
// Compiled JavaScript only: no compile step at run time (`npm ci` builds dist/).
import '../dist/main.js';
