/**
 * Lets Node run src/ as it is: its relative imports name `.js` files (NodeNext), which are `.ts`
 * files on disk. Import this module first and src/ after it with a dynamic import(), since static
 * imports are all resolved before any code runs.
 */
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (err) {
      if (specifier.startsWith('.') && specifier.endsWith('.js'))
        return nextResolve(specifier.replace(/\.js$/, '.ts'), context);
      throw err;
    }
  },
});
