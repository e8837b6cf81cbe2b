import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-compliance',
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
