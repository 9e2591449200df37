// `npm start` and `npm test` land here (through infra/bootstrap.mjs, which installs what is missing).
import { runStart } from './start.js';
import { runTests } from './test-run.js';

const [command, ...args] = process.argv.slice(2);
const main = command === 'start' ? runStart : command === 'test' ? runTests : null;
if (!main) {
  process.stderr.write('usage: devstack start|test [turbo args]\n');
  process.exit(2);
}
main(args).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[devstack] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
