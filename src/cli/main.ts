import { runCli } from './run.js';

/** The `hostplane` program: runs the command line (src/cli/run.ts) on the process's arguments. */
runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // serve keeps running (its listeners hold the process); every other command ends here, even if
    // a pool or timer it left behind would keep the event loop alive.
    if (process.argv[2] !== 'serve') process.exit(code);
  },
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
