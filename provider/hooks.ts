/**
 * The stable entry point (`pulumi-composio/hooks`) that the serialized stub in every stack's state
 * loads at run time. Stacks created by any version of the package call these names, so they must
 * not be renamed or removed.
 */
import { AuthConfigProvider } from "./authConfigProvider";

/** One per provider process: `configure` stores the settings every later hook uses. */
export const authConfigProvider = new AuthConfigProvider();

export const configure = authConfigProvider.configure.bind(authConfigProvider);
export const check = authConfigProvider.check.bind(authConfigProvider);
export const diff = authConfigProvider.diff.bind(authConfigProvider);
export const create = authConfigProvider.create.bind(authConfigProvider);
export const read = authConfigProvider.read.bind(authConfigProvider);
export const update = authConfigProvider.update.bind(authConfigProvider);
const remove = authConfigProvider.delete.bind(authConfigProvider);
// `delete` is a reserved word, so it is exported under its hook name this way.
export { remove as delete };
