// Runs in Chromium (bundled by tests/browser/bundle.ts): the page's file hash, nothing faked.
import { sha256Hex, WHOLE_HASHED_BYTES } from '../../src/worker/app/digest.ts';

Object.assign(globalThis, { sequentHarness: { sha256Hex, WHOLE_HASHED_BYTES } });
