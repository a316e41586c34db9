// A worker thread does not inherit the TypeScript loader that runs the import CLI and the tests (tsx),
// so its entry is this JavaScript file, which registers the loader and then loads the worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./prepare-worker.ts', import.meta.url).href);
