/**
 * Lets plain `node` run the TypeScript sources, whose relative imports name `.js` files (as compiled output
 * will): a relative `./x.js` that does not exist resolves to `./x.ts`. For child processes of the tests only:
 *   node --import ./test/support/ts-resolve.ts some-script.ts
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (/^\.\.?\//.test(specifier) && specifier.endsWith('.js')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw error;
    }
  },
});
