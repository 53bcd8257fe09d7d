/**
 * `npm run audit`: `npm audit --omit=dev` with a clear verdict, for CI. Fails on any high or critical
 * advisory in the runtime dependencies. When the registry's advisory service cannot be reached (some
 * networks allow the registry's GET but not audit's POST), it says so plainly and does not pretend to know.
 */
import { spawnSync } from 'node:child_process';

const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report: {
  metadata?: { vulnerabilities?: Record<string, number> };
  statusCode?: number;
  message?: string;
  error?: { summary?: string };
};
try {
  report = JSON.parse(result.stdout || '{}') as typeof report;
} catch {
  report = {};
}

const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const why = report.statusCode
    ? `HTTP ${report.statusCode}`
    : (report.message ?? result.stderr.trim().split('\n')[0] ?? 'no answer');
  console.warn(
    `npm audit: the advisory service could not be reached (${why}); no verdict on advisories this time.`,
  );
  process.exit(0);
}
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
const summary = Object.entries(counts)
  .map(([level, n]) => `${level} ${n}`)
  .join(', ');
console.log(`npm audit (runtime dependencies): ${summary}`);
if (serious > 0) {
  console.error(`npm audit: ${serious} high or critical advisories; see npm audit --omit=dev`);
  process.exit(1);
}
