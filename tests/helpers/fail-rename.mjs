// Loaded with `node --import` into a build by tests/site/failed-build.test.ts: the first rename of
// a staged build onto DLT_TEST_FAIL_RENAME_TO fails with EPERM, as it does on Windows when a file
// in dist/ is open, or on a busy mount. Everything else is the real file system.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const target = process.env.DLT_TEST_FAIL_RENAME_TO;
const rename = fs.promises.rename;
let failed = false;
fs.promises.rename = async (from, to) => {
  if (!failed && String(to) === target && !String(from).includes('old-')) {
    failed = true;
    throw Object.assign(new Error(`EPERM: operation not permitted, rename '${from}' -> '${to}'`), {
      code: 'EPERM',
      syscall: 'rename',
    });
  }
  return rename(from, to);
};
syncBuiltinESMExports();
