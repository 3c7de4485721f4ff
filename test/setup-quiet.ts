// In every test worker: the Temporal SDK logs errors only (SJUKFALL_TEMPORAL_LOG asks for more).
import { installQuietRuntime } from '../harness';

installQuietRuntime();
