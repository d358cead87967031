// Child-process probe for the backend tests: selects the backend named in argv[2] and prints the
// choice (or the error) as JSON. Runs in its own process because a TF.js backend, once started,
// stays registered for the life of the process.
import { selectBackend, type BackendRequest } from '../../../src/core/backend/selectBackend';

selectBackend((process.argv[2] ?? 'auto') as BackendRequest).then(
  (choice) => process.stdout.write(JSON.stringify({ ok: true, ...choice }) + '\n'),
  (err: Error) => process.stdout.write(JSON.stringify({ ok: false, name: err.constructor.name, error: err.message }) + '\n'),
);
