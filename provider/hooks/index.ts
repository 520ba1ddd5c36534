/**
 * The stable entry point (`pulumi-composio/hooks`) that the serialized stub in every stack's state
 * loads at run time. Stacks created by any version of the package call these names, so they must
 * not be renamed or removed.
 */
import { AuthConfigProvider } from "./authConfigProvider";
import { reportedOnce, withRecordedKeyAdvice } from "../api/errors";

/** One per provider process: `configure` stores the settings every later hook uses. */
export const authConfigProvider = new AuthConfigProvider();

/** The hook's errors, each reported once (see reportedOnce). */
function reporting<A extends unknown[], R>(hook: (...args: A) => Promise<R>, advise: (error: unknown) => unknown = (error) => error) {
  return (...args: A): Promise<R> =>
    hook(...args).catch((error: unknown) => {
      throw reportedOnce(advise(error));
    });
}

export const configure = authConfigProvider.configure.bind(authConfigProvider);
export const check = reporting(authConfigProvider.check.bind(authConfigProvider));
export const diff = reporting(authConfigProvider.diff.bind(authConfigProvider));
export const create = reporting(authConfigProvider.create.bind(authConfigProvider));
// read runs on refresh, with the settings the last up recorded (not the config).
export const read = reporting(authConfigProvider.read.bind(authConfigProvider), withRecordedKeyAdvice);
export const update = reporting(authConfigProvider.update.bind(authConfigProvider));
const remove = reporting(authConfigProvider.delete.bind(authConfigProvider));
// `delete` is a reserved word, so it is exported under its hook name this way.
export { remove as delete };
