/** Which blocks of a Markdown document the docs runner runs, which it lists as excluded, and marker mistakes. */
import fc from "fast-check";
import { extractShellBlocks } from "../../testbed/docsRunner/markdown";

const fence = "```";

test("every sh, bash, shell and console block is run, in order, with its fence's line; other languages are not", () => {
  const doc = [
    "# Title", //                                   1
    `${fence}sh`, //                                2
    "npm ci", //                                    3
    fence, //                                       4
    `${fence}ts`, //                                5
    "const x = 1;", //                              6
    fence, //                                       7
    `${fence}bash title="two"`, //                  8
    "cd examples", //                               9
    "pulumi up", //                                 10
    fence, //                                       11
    `${fence}text`, //                              12
    "npx composio-drift --stack <name>", //         13
    fence, //                                       14
    "~~~shell", //                                  15
    "echo tilde", //                                16
    "~~~", //                                       17
    `${fence}SH`, //                                18
    "echo upper-case tag", //                       19
    fence, //                                       20
  ].join("\n");
  const { run, excluded, mistakes } = extractShellBlocks("README.md", doc);
  expect(run.map(({ line, language, text }) => ({ line, language, text }))).toEqual([
    { line: 2, language: "sh", text: "npm ci\n" },
    { line: 8, language: "bash", text: "cd examples\npulumi up\n" },
    { line: 15, language: "shell", text: "echo tilde\n" },
    { line: 18, language: "sh", text: "echo upper-case tag\n" },
  ]);
  expect(excluded).toEqual([]);
  expect(mistakes).toEqual([]);
});

test("the marker on the line right before a fence excludes that block, with its reason", () => {
  const doc = [
    "Some prose.",
    "",
    "_Not run by the docs runner: needs a Pulumi Cloud account._",
    `${fence}sh`,
    "pulumi login",
    fence,
    "",
    `${fence}sh`,
    "pulumi whoami",
    fence,
  ].join("\n");
  const { run, excluded, mistakes } = extractShellBlocks("docs/team.md", doc);
  expect(excluded).toEqual([
    { file: "docs/team.md", line: 4, language: "sh", text: "pulumi login\n", reason: "needs a Pulumi Cloud account" },
  ]);
  expect(run.map((b) => b.line)).toEqual([8]);
  expect(mistakes).toEqual([]);
});

test("a marker not right before a shell fence, before another language, or misspelt is a mistake with its line", () => {
  const doc = [
    "_Not run by the docs runner: a blank line follows._", // 1
    "", //                                                    2
    `${fence}sh`, //                                          3
    "echo runs", //                                           4
    fence, //                                                 5
    "_Not run by the docs runner: before yaml._", //          6
    `${fence}yaml`, //                                        7
    "name: x", //                                             8
    fence, //                                                 9
    "_Not run by the docs runner: no period_", //             10
    `${fence}sh`, //                                          11
    "echo also runs", //                                      12
    fence, //                                                 13
    "Write `_Not run by the docs runner: <reason>._` before a fence.", // 14: prose quoting the marker
    "_Not run by the docs runner: at the end._", //           15
  ].join("\n");
  const { run, excluded, mistakes } = extractShellBlocks("docs/x.md", doc);
  expect(run.map((b) => b.line)).toEqual([3, 11]);
  expect(excluded).toEqual([]);
  const notBefore = expect.stringMatching(/^the marker is not on the line right before a shell block's opening fence/);
  expect(mistakes).toEqual([
    { file: "docs/x.md", line: 1, message: notBefore },
    { file: "docs/x.md", line: 6, message: expect.stringMatching(/^the marker is before a `yaml` block/) },
    { file: "docs/x.md", line: 10, message: expect.stringMatching(/^this line mentions the docs runner's marker but is not one/) },
    { file: "docs/x.md", line: 15, message: notBefore },
  ]);
});

test("a block in a list item loses its fence's indentation; a longer fence holds a shorter one", () => {
  const doc = [
    "1. Install:", //                      1
    "   ```sh", //                          2
    "   npm ci", //                         3
    "     --flag", //                       4
    "   ```", //                            5
    "````markdown", //                      6
    "```sh", //                             7
    "echo inside a markdown example", //    8
    "```", //                               9
    "````", //                              10
    "Inline ```sh not a fence``` here.", // 11
  ].join("\n");
  const { run } = extractShellBlocks("README.md", doc);
  expect(run).toEqual([{ file: "README.md", line: 2, language: "sh", text: "npm ci\n  --flag\n" }]);
});

test("a console block runs the lines after `$ ` (and their continuations); output lines become empty lines", () => {
  const doc = [
    `${fence}console`,
    "$ pulumi stack ls",
    "NAME  LAST UPDATE",
    "dev*  n/a",
    "$ npx composio-drift \\",
    "    --stack dev",
    "No drift.",
    fence,
    `${fence}console`,
    "echo no prompt at all",
    fence,
  ].join("\n");
  const { run } = extractShellBlocks("README.md", doc);
  expect(run.map((b) => b.text)).toEqual(["pulumi stack ls\n\n\nnpx composio-drift \\\n    --stack dev\n\n", "echo no prompt at all\n"]);
});

test("a block's text keeps every line at its place: line i of the text is line `line + i + 1` of the document", () => {
  const line = fc.stringMatching(/^[a-z $'"|&;-]{0,20}$/);
  fc.assert(
    fc.property(fc.array(fc.array(line, { maxLength: 5 }), { maxLength: 4 }), fc.array(line, { maxLength: 3 }), (blocks, prose) => {
      const doc = blocks.flatMap((lines) => [...prose, "```sh", ...lines, "```"]).join("\n");
      const docLines = doc.split("\n");
      const { run } = extractShellBlocks("d.md", doc);
      expect(run).toHaveLength(blocks.length);
      for (const block of run) {
        block.text
          .split("\n")
          .slice(0, -1)
          .forEach((text, i) => expect(docLines[block.line + i]).toBe(text));
      }
    }),
  );
});
