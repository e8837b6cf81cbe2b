import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'example-investigation',
    include: ['src/**/*.test.ts'],
    testTimeout: 90_000,
  },
});
