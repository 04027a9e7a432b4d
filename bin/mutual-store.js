#!/usr/bin/env node
// `npx mutual-store relay --port 8765 --data ./data [--peer ws://…]`
import { runCli } from '../js/relay/cli.js';

const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
