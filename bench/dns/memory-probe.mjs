// Loaded into a server under the memory benchmark (node --expose-gc --import): on SIGUSR2 it collects
// all garbage and writes the process's memory figures to stderr as one line, so the benchmark reads
// what the zones hold rather than what the load left behind.
process.on('SIGUSR2', () => {
  globalThis.gc();
  globalThis.gc();
  process.stderr.write(`memory-probe ${JSON.stringify(process.memoryUsage())}\n`);
});
