// `npm start` and `npm test` land here (through infra/bootstrap.mjs, which installs what is missing).
import { runStart } from './start.js';
import { runTests, runWithServices } from './test-run.js';

const [command, ...args] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<number>> = {
  start: runStart,
  test: runTests,
  'with-services': runWithServices,
};
const main = command ? commands[command] : undefined;
if (!main) {
  process.stderr.write('usage: devstack start | test [turbo tasks] | with-services <command…>\n');
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
