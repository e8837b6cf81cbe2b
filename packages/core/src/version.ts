import pkg from '../package.json';

/** Version of @vigil/core. */
export const VERSION: string = pkg.version;
