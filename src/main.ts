import { loadConfig } from './config.js';
import { runCli } from './cli/program.js';
import { endQuietlyOnClosedPipe } from './cli/output.js';

endQuietlyOnClosedPipe();

// The only place that reads the environment (STYLE.md).
process.exitCode = await runCli(process.argv.slice(2), () => loadConfig(process.env));
