// The benchmark table, with the same columns whether the suites run all
// together (run.mjs) or one alone (`node bench/<suite>.mjs`).
const HEADER = ['#', 'workload', 'mutual-store', 'baseline', 'ratio', 'required', 'status'];

export function tableOf(rows) {
  return [
    `| ${HEADER.join(' | ')} |`,
    `|${HEADER.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${[row.id, row.workload, row.ours, row.baseline, row.ratio, row.required, row.status].join(' | ')} |`),
  ].join('\n');
}

// A suite run alone: its table on stdout; mismatches on stderr, and a failing exit code.
export function printAlone({ rows, mismatches }) {
  console.log(tableOf(rows));
  if (mismatches.length) {
    console.error(`\nMismatches:\n${mismatches.join('\n')}`);
    process.exitCode = 1;
  }
}

// The value given after `name` on the command line (undefined without one).
export function optionValue(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}
