// `npm start` and `npm test` land here (through infra/bootstrap.mjs, which installs what is missing).
import { runStartCluster } from './cluster/platform.js';
import { runWithCluster } from './cluster/with-cluster.js';
import { runStart } from './start.js';
import { runTests, runWithServices } from './test-run.js';

const [command, ...args] = process.argv.slice(2);
/** `--cluster` before the command or at its end (`npm run bench:workflows -- --cluster`). */
const cluster =
  args[0] === '--cluster' || (command === 'with-services' && args.at(-1) === '--cluster');
const rest = args.filter((arg, i) => !(arg === '--cluster' && (i === 0 || i === args.length - 1)));
const commands: Record<string, (args: string[]) => Promise<number>> = {
  start: cluster ? runStartCluster : runStart,
  test: runTests,
  'with-services': cluster ? runWithCluster : runWithServices,
};
const main = command ? commands[command] : undefined;
if (!main) {
  process.stderr.write('usage: devstack start | test [turbo tasks] | with-services <command…>\n');
  process.exit(2);
}
main(rest).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[devstack] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
