import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        // Unit and integration suites. Extension-host tests run inside a real VS Code
        // (see test/extension-host/) and are started by their own npm script.
        include: ['test/**/*.test.ts', 'shared/**/*.test.ts'],
        exclude: ['node_modules/**', 'dist/**', '.cache/**', 'test/extension-host/**'],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        // Two cores on CI: keep forks bounded so the emulator-heavy suites do not starve.
        pool: 'forks',
        maxWorkers: 2,
        reporters: ['default'],
    },
});
