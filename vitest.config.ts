import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@': path.resolve(__dirname),
  // `server-only` throws outside React Server Components; tests import server modules directly.
  'server-only': path.resolve(__dirname, 'tests/helpers/empty-module.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'lib/**/*.test.ts',
            'components/**/*.test.{ts,tsx}',
            'emulator/**/*.test.ts',
            'tests/unit/**/*.test.ts',
            'tests/emulator/**/*.test.ts',
            'tests/contract/**/*.test.ts',
          ],
          environment: 'node',
          setupFiles: ['tests/helpers/setup-env.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/global-postgres.ts'],
          setupFiles: ['tests/helpers/setup-env.ts', 'tests/helpers/setup-db.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
