import fc from "fast-check";
import type { AuthConfigInputs } from "../../../provider/core/schema";
import { normalize, normalizeScopes } from "../../../provider/core/normalize";
import { inputsArb } from "./arbitraries";

describe("normalize", () => {
  it("is idempotent", () => {
    fc.assert(
      fc.property(inputsArb, (inputs) => {
        const once = normalize(inputs);
        expect(normalize({ ...inputs, ...once } as AuthConfigInputs)).toEqual(once);
      }),
    );
  });

  it("treats scope strings and lists, order, duplicates and whitespace alike", () => {
    expect(normalizeScopes("sales-email-read, tickets,tickets")).toEqual(normalizeScopes(["tickets", "sales-email-read"]));
    expect(normalizeScopes(" , ")).toEqual([]);
  });
});
