/**
 * The types of AuthConfig's arguments, derived from the schema (provider/core/schema.ts): each argument
 * as any variant of the schema takes it, every value (and every value inside it) a `pulumi.Input`.
 * authConfigArgs.ts, generated with the descriptions, lists the arguments in these types.
 *
 * The arguments are one object type, not the schema's union by `type`: a program may compute `type`
 * (an Output, a stack setting), and what goes with which type is checked at preview, naming the fix.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AuthConfigArgsShape } from "../provider/core/schema";

type KeysOfUnion<U> = U extends unknown ? keyof U : never;
/** What any member of `U` holds at `K`. */
type ValueIn<U, K extends PropertyKey> = U extends unknown ? (K extends keyof U ? U[K] : never) : never;

type ArgumentName = KeysOfUnion<AuthConfigArgsShape>;

/** `T` with every value in it a pulumi.Input, as Pulumi's own SDKs type nested arguments. */
export type InputOf<T> = pulumi.Input<Inputs<T>>;
type Inputs<T> = T extends readonly (infer E)[]
  ? InputOf<E>[]
  : T extends object
    ? { [K in keyof T]: InputOf<Exclude<T[K], undefined>> }
    : T;

/** The argument `K`, as the program may give it. */
export type Argument<K extends ArgumentName> = InputOf<Exclude<ValueIn<AuthConfigArgsShape, K>, undefined>>;

/** An argument whose value is an object with its own named (documented) Args type; `null` where the schema takes it. */
export type ObjectArgument<K extends ArgumentName, Named> = pulumi.Input<Named | Extract<ValueIn<AuthConfigArgsShape, K>, null>>;

/** The field `F` of the object argument `K`. */
export type FieldArgument<K extends ArgumentName, F extends PropertyKey> = InputOf<
  Exclude<ValueIn<NonNullable<ValueIn<AuthConfigArgsShape, K>>, F>, undefined>
>;
