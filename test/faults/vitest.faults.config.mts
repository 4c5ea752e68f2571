// `npm run test:faults`: the fault, fuzz and security suite at full size (FLEET_FAULTS_SCALE=full),
// with the project's settings plus a global setup that prints the reliability table at the end.
import { join } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
// @ts-expect-error TS5097: the project config is an .mts file; vitest loads it, tsc need not resolve it.
import base from '../../vitest.config.mts';

export default mergeConfig(
    base,
    defineConfig({
        root: join(__dirname, '..', '..'),
        test: {
            include: ['test/faults/**/*.test.ts'],
            globalSetup: ['test/faults/global-setup.ts'],
            // Full-size cases run for minutes on two cores.
            testTimeout: 900_000,
        },
    }),
);
